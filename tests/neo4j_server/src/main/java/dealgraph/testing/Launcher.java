package dealgraph.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * A throw-away Neo4j Community server for tests: an embedded DBMS with the Bolt
 * connector switched on, so tests talk to it exactly as they would to a real
 * server (Bolt, authentication, neo4j:// routing) without a Neo4j distribution
 * or Docker.
 *
 * <pre>
 *   NEO4J_PASSWORD=secret123 java -jar target/neo4j-launcher.jar DATA_DIR PORT
 * </pre>
 *
 * Prints exactly one line on stdout, {@code READY bolt://127.0.0.1:PORT}, once
 * Bolt accepts logins; everything else (Neo4j's user log, errors) goes to stderr
 * so the parent can read stdout without filtering. Stops cleanly on SIGTERM or
 * SIGINT and when stdin reaches end-of-file, so a parent that dies without
 * cleaning up (its end of the pipe closes) does not leave a server behind.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Launcher DATA_DIR PORT   (password from env NEO4J_PASSWORD)");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv("NEO4J_PASSWORD");
        // Neo4j 5 rejects passwords shorter than 8 characters; fail here with a
        // clear message rather than deep inside ALTER USER.
        if (password == null || password.length() < 8) {
            System.err.println("NEO4J_PASSWORD must be set to at least 8 characters");
            System.exit(2);
        }

        DatabaseManagementService dbms;
        try {
            dbms = build(home, port);
        } catch (Throwable t) {
            // Exit explicitly: threads Neo4j started before failing could
            // otherwise keep the JVM alive, and the parent would wait for READY.
            t.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        // The JVM runs shutdown hooks on SIGTERM/SIGINT; shutting the DBMS down
        // there flushes the store so a reused data dir is never left dirty.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "neo4j-launcher-shutdown"));

        try {
            setInitialPassword(dbms, password);
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(Duration.ofMinutes(2).toMillis())) {
                throw new IllegalStateException("database 'neo4j' did not become available");
            }
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1); // runs the shutdown hook
        }

        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();

        watchStdin();
        stopped.await();
    }

    private static DatabaseManagementService build(Path home, int port) {
        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                // Loopback only: the test server must never be reachable from outside.
                .setConfig(BoltConnector.listen_address, bolt)
                // neo4j:// drivers ask for a routing table and then connect to the
                // advertised address, so it must be the real port, not :7687.
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // Defaults size the page cache from the machine's RAM; tests need
                // very little and several servers may run side by side. Benchmarks
                // loading 10^5 relations raise it: -Ddealgraph.pagecache.mb=1024.
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.mebiBytes(Long.getLong("dealgraph.pagecache.mb", 64L)))
                // Preallocating 256 MiB transaction logs costs disk and start-up time
                // for a database that lives a few seconds.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Netty waits a 5 s "quiet period" per event loop group on shutdown
                // (10 s in all) for late tasks; a test server has none to wait for.
                // Internal setting, hence pinned to this Neo4j version by the pom.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                // Warnings and errors to stderr, where the Python side shows them
                // when start-up fails; the full log is DATA_DIR/logs/debug.log.
                .setUserLogProvider(new Log4jLogProvider(System.err, Level.WARN))
                .build();
    }

    /**
     * A new DBMS creates user neo4j with password "neo4j" and "change required",
     * which Bolt clients cannot use for queries. Embedded code runs with full
     * rights on the system database, so it can set the real password directly;
     * this also works (and is harmless) when the data dir is reused.
     */
    private static void setInitialPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        system.executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));
    }

    /**
     * Exit when stdin closes. Daemon thread, so it never keeps the JVM alive;
     * System.exit triggers the same clean shutdown hook as SIGTERM.
     */
    private static void watchStdin() {
        Thread t = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) {
                    // Ignore input; only end-of-file matters.
                }
            } catch (IOException ignored) {
                // Treat a broken stdin like end-of-file.
            }
            System.exit(0);
        }, "neo4j-launcher-stdin");
        t.setDaemon(true);
        t.start();
    }
}
