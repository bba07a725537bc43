package com.example;

import dev.supervisor.Outcome;
import dev.supervisor.spring.SupervisionRegistry;

import org.springframework.stereotype.Service;

@Service
class Tenants {

	private final SupervisionRegistry supervision;

	Tenants(SupervisionRegistry supervision) {
		this.supervision = supervision;
	}

	/** Starts the tenant's worker under "tenants"; returns false if it runs already. */
	boolean open(String tenant, TenantSettings settings) {
		Outcome outcome = this.supervision.supervisor("tenants").startDynamicChild(tenant, settings);
		return switch (outcome.status()) {
			case OK -> true;
			case ALREADY_PRESENT -> false;
			// Any other refusal (MAX_CHILDREN, START_FAILED, SUPERVISOR_DOWN, ...) is an error here.
			default -> throw new IllegalStateException(
					"Tenant '" + tenant + "' not started: " + outcome.status() + ", " + outcome.message(),
					outcome.error());
		};
	}

	/** Stops the tenant's worker, waiting for it within its shutdown. */
	boolean close(String tenant) {
		return this.supervision.supervisor("tenants").terminateChild(tenant).isOk();
	}

}
