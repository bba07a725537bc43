package dev.supervisor.spring.child;

import java.time.Duration;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildFactory;
import dev.supervisor.ChildKind;
import dev.supervisor.Service;
import dev.supervisor.Worker;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.Lifecycle;

/**
 * Makes the instances of a child declared with {@code bean:} or {@code class:}. A
 * prototype bean or a class gives a fresh, fully autowired instance per incarnation,
 * whose destroy callbacks run when the incarnation has ended; a singleton bean is the
 * same instance every time.
 * <p>Internal: public only so that tree assembly and the registry can use it; not API, may change without notice.
 */
public final class BeanChildFactory implements ChildFactory<Object> {

	private final @Nullable Duration livenessInterval;

	/** How instances are obtained and released. */
	public enum Source {

		/**
		 * A singleton bean: the same instance each time, never destroyed by the
		 * supervisor.
		 */
		SINGLETON,

		/**
		 * A prototype bean: a new instance each time, destroyed when its incarnation
		 * ends.
		 */
		PROTOTYPE,

		/** A bean of another scope: whatever the scope gives, released by the scope. */
		SCOPED,

		/**
		 * A class instantiated and autowired per incarnation, destroyed when its
		 * incarnation ends.
		 */
		CLASS

	}

	private final ConfigurableListableBeanFactory beanFactory;

	private final Source source;

	private final @Nullable String beanName;

	private final Class<?> type;

	private final ChildKind kind;

	private BeanChildFactory(ConfigurableListableBeanFactory beanFactory, Source source, @Nullable String beanName,
			Class<?> type, ChildKind kind, @Nullable Duration livenessInterval) {
		this.livenessInterval = livenessInterval;
		this.beanFactory = beanFactory;
		this.source = source;
		this.beanName = beanName;
		this.type = type;
		this.kind = kind;
	}

	/**
	 * A factory of instances of a bean.
	 * @param beanFactory the factory that holds the bean
	 * @param beanName the bean's name
	 * @param type the bean's type
	 * @param kind whether the instances are workers or services
	 * @param livenessInterval how often a Spring Lifecycle service is checked, or
	 * {@code null} not to check
	 * @return the factory
	 */
	public static BeanChildFactory bean(ConfigurableListableBeanFactory beanFactory, String beanName, Class<?> type,
			ChildKind kind, @Nullable Duration livenessInterval) {
		Source source = beanFactory.isSingleton(beanName) ? Source.SINGLETON
				: beanFactory.isPrototype(beanName) ? Source.PROTOTYPE : Source.SCOPED;
		return new BeanChildFactory(beanFactory, source, beanName, type, kind, livenessInterval);
	}

	/**
	 * A factory that instantiates and autowires a class per incarnation.
	 * @param beanFactory the factory that autowires the instances
	 * @param type the class
	 * @param kind whether the instances are workers or services
	 * @param livenessInterval how often a Spring Lifecycle service is checked, or
	 * {@code null} not to check
	 * @return the factory
	 */
	public static BeanChildFactory type(ConfigurableListableBeanFactory beanFactory, Class<?> type, ChildKind kind,
			@Nullable Duration livenessInterval) {
		return new BeanChildFactory(beanFactory, Source.CLASS, null, type, kind, livenessInterval);
	}

	@Override
	public Object create(ChildContext context) {
		Object instance = (this.beanName != null) ? this.beanFactory.getBean(this.beanName)
				: this.beanFactory.createBean(this.type);
		return adapt(instance);
	}

	private Object adapt(Object instance) {
		if (this.kind == ChildKind.WORKER) {
			return (instance instanceof Worker) ? instance : new RunnableWorker((Runnable) instance);
		}
		return (instance instanceof Service) ? instance
				: new LifecycleService((Lifecycle) instance, this.livenessInterval);
	}

	@Override
	public void release(Object instance) {
		Object target = (instance instanceof AdaptedChild adapted) ? adapted.target() : instance;
		switch (this.source) {
			case PROTOTYPE -> this.beanFactory.destroyBean(this.beanName, target);
			case CLASS -> this.beanFactory.destroyBean(target);
			case SINGLETON, SCOPED -> {
				// The container owns the instance and destroys it with its scope.
			}
		}
	}

	/**
	 * The bean behind an adapter ({@link RunnableWorker}, {@link LifecycleService}): a singleton's
	 * adapter is new per incarnation, the bean is the same.
	 * @param instance an instance {@link #create} returned
	 * @return the bean it adapts, or the instance itself
	 */
	@Override
	public Object target(Object instance) {
		return (instance instanceof AdaptedChild adapted) ? adapted.target() : instance;
	}

	/**
	 * Return how instances are obtained and released.
	 * @return how instances are obtained and released
	 */
	public Source source() {
		return this.source;
	}

	/**
	 * Return the name of the bean.
	 * @return the name of the bean, or {@code null} for a class
	 */
	public @Nullable String beanName() {
		return this.beanName;
	}

	/**
	 * Return the type of the instances: the bean's type or the class.
	 * @return the type of the instances: the bean's type or the class
	 */
	public Class<?> type() {
		return this.type;
	}

	@Override
	public String toString() {
		return (this.beanName != null) ? "bean '" + this.beanName + "'" : "class " + this.type.getName();
	}

}
