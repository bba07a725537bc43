package com.example;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

@Component("cacheWarmer")
class CacheWarmer implements SmartLifecycle {

	private volatile boolean running;

	@Override
	public void start() {
		this.running = true;             // the supervisor calls this, once per incarnation
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public boolean isAutoStartup() {
		return false;                    // only the supervisor starts it, not Spring
	}

	@Override
	public int getPhase() {
		return 0;                        // below the trees' phase: Spring never stops it before its tree
	}

}
