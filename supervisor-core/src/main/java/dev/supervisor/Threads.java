package dev.supervisor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

/**
 * Thread factories for trees: platform threads on every JDK, virtual threads on Java 21+. The
 * engine names every thread after its node path.
 */
public final class Threads {

	private static final @Nullable ThreadFactory VIRTUAL = lookUpVirtualFactory();

	private static final @Nullable MethodHandle IS_VIRTUAL = lookUpIsVirtual();

	private Threads() {
	}

	/**
	 * Daemon platform threads (an abandoned, {@code killed} incarnation never keeps the JVM alive).
	 * @return the factory
	 */
	public static ThreadFactory platform() {
		return (runnable) -> {
			Thread thread = new Thread(runnable);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Whether virtual threads are available (Java 21+).
	 * @return {@code true} on Java 21+
	 */
	public static boolean virtualAvailable() {
		return VIRTUAL != null;
	}

	/**
	 * Virtual threads.
	 * @return the factory
	 * @throws IllegalStateException before Java 21
	 */
	public static ThreadFactory virtual() {
		if (VIRTUAL == null) {
			throw new IllegalStateException("Virtual threads need Java 21 or later (running "
					+ System.getProperty("java.version") + ")");
		}
		return VIRTUAL;
	}

	/**
	 * Virtual threads where available, platform threads otherwise.
	 * @return the factory
	 */
	public static ThreadFactory virtualIfAvailable() {
		return (VIRTUAL != null) ? VIRTUAL : platform();
	}

	/**
	 * Whether the thread is virtual.
	 * @param thread the thread
	 * @return {@code true} for a virtual thread (never before Java 21)
	 */
	public static boolean isVirtual(Thread thread) {
		if (IS_VIRTUAL == null) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invokeExact(thread);
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static @Nullable MethodHandle lookUpIsVirtual() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	private static @Nullable ThreadFactory lookUpVirtualFactory() {
		try {
			// Java 17 baseline: reach Thread.ofVirtual().factory() without compiling against it.
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			Class<?> builderType = Class.forName("java.lang.Thread$Builder$OfVirtual");
			MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builderType));
			Class<?> builder = Class.forName("java.lang.Thread$Builder");
			MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
			return (ThreadFactory) factory.invoke(ofVirtual.invoke());
		}
		catch (Throwable ex) {
			return null;
		}
	}

}
