package dev.supervisor.spring.cluster;

/**
 * Where the replicas of an application run a tree
 * ({@code supervision.trees.<name>.cluster}).
 */
public enum ClusterMode {

	/** Every replica runs its own copy of the tree (the default). */
	LOCAL,

	/**
	 * The tree runs on one replica at a time: the one holding its leadership lock (Erlang's
	 * distributed application, Pekko's cluster singleton).
	 */
	SINGLETON,

	/**
	 * The children of a dynamic tree are spread over the replicas: each child runs on exactly
	 * one live replica, and moves when that replica leaves or dies (Horde's distributed
	 * DynamicSupervisor).
	 */
	DISTRIBUTED

}
