package dev.lockstep.samples.spring;

import dev.lockstep.embedded.process.StartSignal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One replica of the sample in its own JVM: waits for the test's GO so that all replicas start at the same moment,
 * then runs the sample on a free port and prints it. The database comes from SPRING_DATASOURCE_* variables.
 */
public final class ReplicaMain {
    private ReplicaMain() {}

    public static void main(String[] args) {
        StartSignal.awaitGo();
        ConfigurableApplicationContext app = SpringApplication.run(OrdersApplication.class, "--server.port=0");
        System.out.println("PORT=" + ((WebServerApplicationContext) app).getWebServer().getPort());
        System.out.flush();
    }
}
