package com.example;

import dev.supervisor.Outcome;
import dev.supervisor.spring.cluster.DistributedSupervisor;
import dev.supervisor.spring.cluster.DistributedTrees;

class TenantPlacement {

	private final DistributedTrees trees;

	TenantPlacement(DistributedTrees trees) {  // the bean, injected
		this.trees = trees;
	}

	/** Starts the tenant's worker on the replica it belongs to, and says which one that is. */
	String open(String tenantId) {
		DistributedSupervisor.Placed placed = this.trees.supervisor("tenants").startChild(tenantId, tenantId);
		return placed.replica();         // it runs there now, or within a heartbeat
	}

	/** Stops the tenant's worker wherever it runs. */
	boolean close(String tenantId) {
		return this.trees.supervisor("tenants").terminateChild(tenantId).status() == Outcome.Status.OK;
	}

}
