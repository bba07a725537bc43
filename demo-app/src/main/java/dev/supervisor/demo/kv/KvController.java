package dev.supervisor.demo.kv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.supervisor.spring.handle.ChildHandle;
import dev.supervisor.spring.handle.SupervisionPath;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The key-value store over HTTP. Every call goes through a stable handle on
 * {@code kv/registry}, which reaches whichever incarnation is running, then through a
 * handle on the bucket.
 */
@RestController
@RequestMapping("/kv/buckets")
final class KvController {

	private final ChildHandle<BucketRegistry> registry;

	KvController(@SupervisionPath("kv/registry") ChildHandle<BucketRegistry> registry) {
		this.registry = registry;
	}

	@GetMapping
	Map<String, Object> buckets() {
		return Map.of("buckets", this.registry.call(BucketRegistry::names));
	}

	@PostMapping("/{bucket}")
	ResponseEntity<Map<String, Object>> create(@PathVariable String bucket) {
		boolean created = this.registry.call((registry) -> registry.create(bucket));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("bucket", bucket);
		body.put("path", BucketRegistry.BUCKETS + "/" + bucket);
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(body);
	}

	@DeleteMapping("/{bucket}")
	ResponseEntity<Void> delete(@PathVariable String bucket) {
		boolean deleted = this.registry.call((registry) -> registry.delete(bucket));
		return deleted ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	@GetMapping("/{bucket}")
	ResponseEntity<Map<String, Object>> entries(@PathVariable String bucket) {
		return inBucket(bucket, (store) -> ResponseEntity.ok(Map.of("bucket", bucket, "entries", store.entries())));
	}

	@PutMapping(path = "/{bucket}/{key}", consumes = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<Map<String, Object>> put(@PathVariable String bucket, @PathVariable String key,
			@RequestBody String value) {
		return inBucket(bucket, (store) -> {
			store.put(key, value);
			return ResponseEntity.ok(Map.of("key", key, "value", value));
		});
	}

	@GetMapping("/{bucket}/{key}")
	ResponseEntity<Map<String, Object>> get(@PathVariable String bucket, @PathVariable String key) {
		return inBucket(bucket, (store) -> store.get(key)
			.map((value) -> ResponseEntity.ok(Map.<String, Object>of("key", key, "value", value)))
			.orElseGet(() -> noKey(bucket, key)));
	}

	@DeleteMapping("/{bucket}/{key}")
	ResponseEntity<Map<String, Object>> delete(@PathVariable String bucket, @PathVariable String key) {
		return inBucket(bucket, (store) -> store.delete(key) ? ResponseEntity.noContent().build() : noKey(bucket, key));
	}

	/**
	 * Runs an action on a bucket's current incarnation, through the handle the registry
	 * gave.
	 */
	private ResponseEntity<Map<String, Object>> inBucket(String bucket,
			Function<Bucket, ResponseEntity<Map<String, Object>>> action) {
		return lookup(bucket).map((handle) -> handle.call(action)).orElseGet(() -> noBucket(bucket));
	}

	private Optional<ChildHandle<Bucket>> lookup(String bucket) {
		return this.registry.call((registry) -> registry.lookup(bucket));
	}

	private static ResponseEntity<Map<String, Object>> noBucket(String bucket) {
		return notFound("No bucket '" + bucket + "': create it with POST /kv/buckets/" + bucket
				+ " (a crashed bucket is gone)");
	}

	private static ResponseEntity<Map<String, Object>> noKey(String bucket, String key) {
		return notFound("No key '" + key + "' in bucket '" + bucket + "'");
	}

	private static ResponseEntity<Map<String, Object>> notFound(String message) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", message));
	}

}
