package dev.supervisor.spring;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * Delivers supervision events to the application's listeners, each in its order, on the
 * supervisor's thread. Unlike the context's own multicaster, one listener that throws never keeps
 * the others from an event and never reaches the supervisor: its failure is logged with the
 * listener named. Whether the context can still take events is a state checked here (it is
 * active), never guessed from an exception.
 * <p>
 * The listeners are the context's: those added to it ({@code @EventListener} methods included)
 * and the {@link ApplicationListener} beans, looked up again when their number changes. The
 * parent context, if any, gets every event too, as {@code publishEvent} does.
 */
final class EventDelivery {

	private static final Log logger = LogFactory.getLog(EventDelivery.class);

	private final ConfigurableApplicationContext context;

	private final Multicaster multicaster = new Multicaster();

	private int knownStatic = -1;

	private int knownDefinitions = -1;

	private int knownSingletons = -1;

	EventDelivery(ConfigurableApplicationContext context) {
		this.context = context;
		this.multicaster.setBeanFactory(context.getBeanFactory());
		this.multicaster.setBeanClassLoader(context.getClassLoader());
	}

	/**
	 * Delivers an event to every listener, unless the context is no longer active.
	 * @param event the event
	 */
	void deliver(ApplicationEvent event) {
		if (!this.context.isActive()) {
			// A late event (an abandoned incarnation that ended at last): no listener is left.
			if (logger.isDebugEnabled()) {
				logger.debug("Not delivered, the application context is closed: " + event);
			}
			return;
		}
		if (!(this.context instanceof AbstractApplicationContext)) {
			publishThroughContext(this.context, event);
			return;
		}
		try {
			listenersUpToDate();
			this.multicaster.multicastEvent(event);
		}
		catch (RuntimeException ex) {
			// Finding the listeners failed (not a listener itself): the event is lost, visibly.
			logger.warn("Supervision event " + event + " could not be delivered to the application's listeners", ex);
		}
		ApplicationContext parent = this.context.getParent();
		if (parent != null) {
			publishThroughContext(parent, event);
		}
	}

	/**
	 * Looks the listeners up again only when the context's listeners or beans changed: three
	 * counts per event (a tree of 100,000 dynamic children sends as many events when it stops).
	 */
	private synchronized void listenersUpToDate() {
		Collection<ApplicationListener<?>> statics = ((AbstractApplicationContext) this.context).getApplicationListeners();
		ConfigurableListableBeanFactory beanFactory = this.context.getBeanFactory();
		int definitions = beanFactory.getBeanDefinitionCount();
		int singletons = beanFactory.getSingletonCount();
		if (statics.size() == this.knownStatic && definitions == this.knownDefinitions
				&& singletons == this.knownSingletons) {
			return;
		}
		Set<ApplicationListener<?>> listeners = new LinkedHashSet<>(statics);
		this.multicaster.removeAllListeners();
		listeners.forEach(this.multicaster::addApplicationListener);
		for (String bean : beanFactory.getBeanNamesForType(ApplicationListener.class, true, false)) {
			this.multicaster.addApplicationListenerBean(bean);
		}
		this.knownStatic = statics.size();
		this.knownDefinitions = definitions;
		this.knownSingletons = singletons;
	}

	private static void publishThroughContext(ApplicationContext context, ApplicationEvent event) {
		try {
			context.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of " + context.getDisplayName() + " failed on supervision event " + event, ex);
		}
	}

	static String describe(ApplicationListener<?> listener) {
		// An @EventListener method names itself; any other listener by its class.
		return (listener instanceof ApplicationListenerMethodAdapter) ? listener.toString()
				: listener.getClass().getName();
	}

	/** The context's listeners, each invoked on its own: a failure is logged, the next one goes on. */
	private static final class Multicaster extends SimpleApplicationEventMulticaster {

		@Override
		protected void invokeListener(ApplicationListener<?> listener, ApplicationEvent event) {
			try {
				super.invokeListener(listener, event);
			}
			catch (VirtualMachineError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				logger.warn("Supervision event listener " + describe(listener) + " failed on " + event
						+ "; the other listeners still get it, and supervision goes on", ex);
			}
		}

	}

}
