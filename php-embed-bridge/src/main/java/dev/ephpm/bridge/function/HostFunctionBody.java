package dev.ephpm.bridge.function;

/**
 * The Java code behind a host function. It reads its already type-checked arguments from the call and sets the
 * return value on it. Throwing {@link PhpError} raises that PHP exception; any other exception becomes a PHP
 * {@code Exception} naming the function.
 */
@FunctionalInterface
public interface HostFunctionBody {
    void call(HostCall call) throws Exception;
}
