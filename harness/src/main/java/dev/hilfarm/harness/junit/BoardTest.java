package dev.hilfarm.harness.junit;

import dev.hilfarm.harness.strategy.BootState;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a board. Before each test the board is brought to {@link #state()};
 * test methods and constructors may take a {@link dev.hilfarm.harness.console.Console},
 * {@link dev.hilfarm.harness.target.Target}, {@link dev.hilfarm.harness.strategy.BootStrategy} or
 * {@link dev.hilfarm.board.BoardProfile} parameter. Which board and target come from the run's
 * configuration ({@code hil run} options, or the {@code hil.board} / {@code hil.target} properties).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(HilExtension.class)
public @interface BoardTest {
    BootState state() default BootState.SHELL;
}
