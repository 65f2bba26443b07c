package dev.hilfarm.harness.junit;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.console.DeathPatternException;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.failure.SerialLinkLostException;
import dev.hilfarm.harness.session.BuildUnderTest;
import dev.hilfarm.harness.session.TargetSession;
import dev.hilfarm.harness.strategy.BootState;
import dev.hilfarm.harness.strategy.BootStrategy;
import dev.hilfarm.harness.target.Target;
import io.qameta.allure.Allure;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Runs {@link BoardTest} classes on a board. One target session is shared by every board test of
 * a run (booting is the expensive part) and closed when the run ends; each test gets the board in
 * the state it declares, its console section of the transcript attached to the report, and the
 * board, target and image as report labels. A test that crashes the board or loses its console
 * makes the next test start from power.
 */
public final class HilExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        TestExecutionExceptionHandler, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HilExtension.class);
    private static final String SESSION = "session";
    private static final String MARK = "transcript-mark";

    @Override
    public void beforeAll(ExtensionContext context) {
        session(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TargetSession session = session(context);
        Target target = session.target();
        Map<String, String> description = target.describe();
        Allure.label("board", target.board().name());
        Allure.label("target", target.backend().label());
        description.forEach(Allure::parameter);
        context.getStore(NAMESPACE).put(MARK, target.console().transcript().mark());
        BootState wanted = requiredState(context);
        Allure.step("bring " + target.id() + " to " + wanted, () -> session.strategy().transition(wanted));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TargetSession session = session(context);
        Long mark = context.getStore(NAMESPACE).get(MARK, Long.class);
        if (mark != null) {
            String section = session.target().console().transcript().since(mark);
            Allure.addAttachment("console transcript", "text/plain", section, ".txt");
        }
        if (session.target().console().isLost()) {
            session.strategy().invalidate();
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        if (throwable instanceof DeathPatternException || throwable instanceof SerialLinkLostException) {
            session(context).strategy().invalidate();
        }
        throw throwable;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Console.class || type == Target.class || type == BootStrategy.class
                || type == BoardProfile.class || type == BuildUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TargetSession session = session(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == Console.class) {
            return new ReportedConsole(session.target().console());
        }
        if (type == Target.class) {
            return session.target();
        }
        if (type == BootStrategy.class) {
            return session.strategy();
        }
        if (type == BoardProfile.class) {
            return session.target().board();
        }
        if (type == BuildUnderTest.class) {
            return session.build().orElseThrow(() -> new ParameterResolutionException(context.getRequiredTestClass()
                    .getSimpleName() + " tests a recipe build: run it with --recipe NAME (hil image recipes lists them)"
                    + " or --build DIR"));
        }
        throw new ParameterResolutionException("cannot inject " + type);
    }

    private static BootState requiredState(ExtensionContext context) {
        return context.getRequiredTestClass().getAnnotation(BoardTest.class) == null ? BootState.SHELL
                : context.getRequiredTestClass().getAnnotation(BoardTest.class).state();
    }

    /** The run-wide session, opened on first use and closed by JUnit when the run ends. */
    private static TargetSession session(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        SessionHolder holder = store.getOrComputeIfAbsent(SESSION, key -> open(context), SessionHolder.class);
        if (holder.failure != null) {
            throw new InfrastructureException("no target for this run: " + holder.failure.getMessage(), holder.failure);
        }
        return holder.session;
    }

    private static SessionHolder open(ExtensionContext context) {
        try {
            RunConfiguration config = RunConfiguration.from(context::getConfigurationParameter);
            return new SessionHolder(TargetSession.open(config, System.out), null);
        } catch (RuntimeException e) {
            // Remember the failure: every board test of the run is then broken, without retrying per class.
            return new SessionHolder(null, e);
        }
    }

    /** Stored in the root context so JUnit closes the session once, when the whole run ends. */
    private record SessionHolder(TargetSession session, RuntimeException failure) implements AutoCloseable {
        @Override
        public void close() {
            if (session != null) {
                session.close();
            }
        }
    }
}
