/**
 * Running trees over several replicas of an application: a tree marked
 * {@code cluster: singleton} runs only on the replica holding its leadership, elected by
 * Spring Integration's {@code LockRegistryLeaderInitiator} over the application's
 * {@code LockRegistry}.
 */
@NullMarked
package dev.supervisor.spring.cluster;

import org.jspecify.annotations.NullMarked;
