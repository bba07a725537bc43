package com.example;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The argument the README's tenants get (not shown in the README). */
record TenantSettings(long intervalMillis, List<String> synced) {

	TenantSettings(long intervalMillis) {
		this(intervalMillis, new CopyOnWriteArrayList<>());
	}

	void sync(String path) {
		this.synced.add(path);
	}

}
