package riskgraph;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs a Neo4j 5 Community DBMS with Bolt on 127.0.0.1 for local development and tests.
 *
 * <p>Usage: {@code Neo4jLocal HOME PORT [--pagecache 256m] [--password PW | --no-auth]}. HOME holds
 * data/ and logs/ (debug.log, neo4j.log). PORT 0 picks a free port. Prints exactly one line on
 * stdout, {@code READY bolt://127.0.0.1:PORT}, once the default database accepts queries; runs
 * until stdin reaches EOF or the JVM gets SIGTERM/SIGINT, then shuts the DBMS down cleanly.
 * With auth on (the default), user neo4j gets the password (default riskgraph-dev) on first start.
 * JVM flags that Neo4j wants are in JVM_FLAGS of __init__.py (--add-opens for java.nio, sun.nio.ch).
 */
public final class Neo4jLocal {
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Neo4jLocal HOME PORT [--pagecache SIZE] [--password PW | --no-auth]");
            System.exit(2);
        }
        long t0 = System.currentTimeMillis();
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String pagecache = "256m";
        String password = "riskgraph-dev";
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--pagecache" -> pagecache = args[++i];
                case "--password" -> password = args[++i];
                case "--no-auth" -> password = null;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path logs = Files.createDirectories(home.resolve("logs"));
        OutputStream userLog = new FileOutputStream(logs.resolve("neo4j.log").toFile(), true);
        try {
            DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(new Log4jLogProvider(userLog))
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pagecache))
                    .setConfig(GraphDatabaseSettings.logs_directory, logs)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false) // no usage reports to neo4j.com
                    // Bolt otherwise waits 2 x 5 s for its idle thread pools on shutdown
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                dbms.shutdown();
                try {
                    userLog.close();
                } catch (IOException ignored) {
                    // nothing left to do
                }
            }, "neo4j-local-shutdown"));

            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(Duration.ofMinutes(5).toMillis())) {
                throw new IllegalStateException("default database did not become available");
            }
            if (password != null) {
                setInitialPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
            }
            int boltPort = ((GraphDatabaseAPI) db).getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT).getPort();
            System.err.printf("neo4j-local: ready after %d ms%n", System.currentTimeMillis() - t0);
            System.out.println("READY bolt://127.0.0.1:" + boltPort);
            System.out.flush();
        } catch (RuntimeException e) {
            e.printStackTrace();
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            // last line of stderr, so that the caller's error message shows it
            System.err.println("neo4j-local: failed to start: " + root + " (see " + logs.resolve("debug.log") + ")");
            System.exit(1);
        }
        while (System.in.read() != -1) {
            // input is ignored; EOF (stdin closed, or the parent died) means stop
        }
        System.exit(0); // runs the shutdown hook
    }

    /** Replaces the neo4j/neo4j "must change" credential on first start; leaves a changed one alone. */
    private static void setInitialPassword(GraphDatabaseService system, String password) {
        boolean pending = system.executeTransactionally(
                "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' RETURN passwordChangeRequired",
                Map.of(), r -> r.hasNext() && (Boolean) r.next().get("passwordChangeRequired"));
        if (pending) {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        }
    }

    private Neo4jLocal() {}
}
