package dev.hilfarm.reports;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.List;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/** Runs fixture classes through a real Launcher, as the harness does. */
final class FixtureRun {

    private FixtureRun() {
    }

    static void run(List<TestExecutionListener> listeners, Class<?>... fixtures) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(fixtures).map(fixture -> selectClass(fixture)).toList())
                .build();
        ReportSession.launcher().execute(request, listeners.toArray(TestExecutionListener[]::new));
    }
}
