#!/usr/bin/env bash
# Two replicas of the demo side by side (http://localhost:8080 and :8081), sharing the
# singleton tree 'relay' through a lock in PostgreSQL. Ctrl-C stops both.
#
#   demo-app/two-replicas.sh                 # starts its own PostgreSQL 15 (Debian's) in a temp folder
#   DEMO_DB_URL=jdbc:postgresql://host:5432/db DEMO_DB_USER=me DEMO_DB_PASSWORD=secret demo-app/two-replicas.sh
set -euo pipefail
cd "$(dirname "$0")"
jar=target/demo-app-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] || (cd .. && mvn -B -q package -DskipTests)

work=$(mktemp -d)
pids=()
pg_bin=/usr/lib/postgresql/15/bin
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [ -z "${DEMO_DB_URL:-}" ] && [ -d "$work/data" ]; then
		runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

if [ -z "${DEMO_DB_URL:-}" ]; then
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	chown postgres "$work"
	runuser -u postgres -- "$pg_bin/initdb" -D "$work/data" -A trust -U postgres >/dev/null
	runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/data" -l "$work/pg.log" \
		-o "-p $port -c unix_socket_directories='' -c listen_addresses=127.0.0.1" -w start >/dev/null
	DEMO_DB_URL="jdbc:postgresql://127.0.0.1:$port/postgres"
fi

for replica in a b; do
	port=$([ "$replica" = a ] && echo 8080 || echo 8081)
	java -Xmx256m -jar "$jar" --spring.profiles.active=cluster --server.port="$port" \
		--supervision.cluster.replica-id="$replica" --demo.cluster.db-url="$DEMO_DB_URL" \
		--demo.cluster.db-user="${DEMO_DB_USER:-postgres}" --demo.cluster.db-password="${DEMO_DB_PASSWORD:-}" \
		--demo.ingest.journal-dir="target/demo-journal-$replica" > >(sed -u "s/^/[$replica] /") 2>&1 &
	pids+=($!)
	echo "replica $replica: http://localhost:$port, pid $!"
done
echo "Where does 'relay' run? curl -s localhost:8080/actuator/supervision | grep -o '\"cluster\":.*'"
echo "Stop its replica (kill <pid>: handed over at once) or kill it (kill -9 <pid>: taken over after"
echo "lock-ttl, 5s) and watch 'Outbox relay started on replica ...' on the other one. Ctrl-C stops both."
wait
