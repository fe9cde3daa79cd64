package dev.ephpm.bridge.internal;

import dev.ephpm.bridge.function.HostFunction;
import dev.ephpm.bridge.function.HostFunctionBody;
import dev.ephpm.bridge.function.HostParam;
import dev.ephpm.bridge.function.PhpType;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Builds the {@code zend_module_entry} that carries the host functions: PHP registers it during module start-up,
 * which is the only time functions can be added for good (ones added later die at the first request shutdown).
 * Each function gets its own upcall stub and its own entry class ({@link HostEntry}), so a call needs no lookup
 * by name and the JIT compiles each function's path separately.
 */
final class HostModule {
    final MemorySegment entry;
    final List<Binding> bindings;

    private HostModule(MemorySegment entry, List<Binding> bindings) {
        this.entry = entry;
        this.bindings = bindings;
    }

    /** A host function as registered: its declaration plus what the hot path needs precomputed. */
    static final class Binding {
        final HostFunction function;
        final HostFunctionBody body;
        final String name;
        final int required;
        final int max;
        final PhpType[] types;
        final boolean[] nullable;
        final String[] paramNames;
        final Object[] defaults;

        Binding(HostFunction function) {
            this.function = function;
            this.body = function.body();
            this.name = function.name();
            this.required = function.requiredCount();
            List<HostParam> params = function.params();
            this.max = params.size();
            this.types = new PhpType[max];
            this.nullable = new boolean[max];
            this.paramNames = new String[max];
            this.defaults = new Object[max];
            for (int i = 0; i < max; i++) {
                HostParam p = params.get(i);
                types[i] = p.type();
                nullable[i] = p.nullable();
                paramNames[i] = p.name();
                defaults[i] = p.optional() ? parseDefault(function.name(), p) : null;
            }
        }

        /** Parses the PHP literal of a default once, at registration, into the value the call will see. */
        private static Object parseDefault(String fn, HostParam p) {
            String lit = p.defaultValue().trim();
            if (lit.equalsIgnoreCase("null")) {
                return null;
            }
            try {
                return switch (p.type()) {
                    case INT -> Long.parseLong(lit);
                    case FLOAT -> Double.parseDouble(lit);
                    case BOOL -> switch (lit.toLowerCase()) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> throw new IllegalArgumentException();
                    };
                    case STRING -> {
                        if (lit.length() >= 2 && (lit.startsWith("'") && lit.endsWith("'")
                                || lit.startsWith("\"") && lit.endsWith("\""))) {
                            yield lit.substring(1, lit.length() - 1).getBytes(StandardCharsets.UTF_8);
                        }
                        throw new IllegalArgumentException();
                    }
                    case ARRAY -> {
                        if (lit.equals("[]")) {
                            yield new byte[0][];
                        }
                        throw new IllegalArgumentException();
                    }
                    default -> throw new IllegalArgumentException();
                };
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(fn + ": unsupported default " + p.defaultValue() + " for $" + p.name()
                        + " of type " + p.type().phpName());
            }
        }
    }

    static HostModule build(LibPhp lib, String moduleName, String version, List<HostFunction> functions, Arena arena) {
        // execute_data and return_value are pointers; passing them as longs (same ABI class on x86-64 and
        // aarch64) spares two MemorySegment objects per call.
        FunctionDescriptor handlerDescriptor = FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG);

        MemorySegment table = arena.allocate(Layout.FE_SIZE * (functions.size() + 1L), 8);
        List<Binding> bindings = new ArrayList<>();
        for (int f = 0; f < functions.size(); f++) {
            HostFunction fn = functions.get(f);
            Binding binding = new Binding(fn);
            bindings.add(binding);
            List<HostParam> params = fn.params();

            MemorySegment argInfo = arena.allocate(Layout.ARG_INFO_SIZE * (params.size() + 1L), 8);
            // Entry 0 describes the return value; its "name" slot holds the number of required arguments.
            argInfo.set(JAVA_LONG, Layout.ARG_INFO_NAME, binding.required);
            argInfo.set(JAVA_LONG, Layout.ARG_INFO_TYPE_PTR, 0L);
            argInfo.set(java.lang.foreign.ValueLayout.JAVA_INT, Layout.ARG_INFO_TYPE_MASK, returnMask(fn));
            for (int i = 0; i < params.size(); i++) {
                HostParam p = params.get(i);
                long base = Layout.ARG_INFO_SIZE * (i + 1L);
                argInfo.set(JAVA_LONG, base + Layout.ARG_INFO_NAME, arena.allocateFrom(p.name()).address());
                argInfo.set(JAVA_LONG, base + Layout.ARG_INFO_TYPE_PTR, 0L);
                int mask = typeMask(p.type()) | (p.nullable() ? Layout.MAY_BE_NULL : 0);
                argInfo.set(java.lang.foreign.ValueLayout.JAVA_INT, base + Layout.ARG_INFO_TYPE_MASK, mask);
                argInfo.set(JAVA_LONG, base + Layout.ARG_INFO_DEFAULT,
                        p.optional() ? arena.allocateFrom(p.defaultValue()).address() : 0L);
            }

            MemorySegment stub = LibPhp.LINKER.upcallStub(HostEntry.of(binding), handlerDescriptor, arena);
            long fe = Layout.FE_SIZE * f;
            table.set(JAVA_LONG, fe + Layout.FE_FNAME, arena.allocateFrom(fn.name()).address());
            table.set(JAVA_LONG, fe + Layout.FE_HANDLER, stub.address());
            table.set(JAVA_LONG, fe + Layout.FE_ARG_INFO, argInfo.address());
            table.set(java.lang.foreign.ValueLayout.JAVA_INT, fe + Layout.FE_NUM_ARGS, params.size());
            table.set(java.lang.foreign.ValueLayout.JAVA_INT, fe + Layout.FE_FLAGS, 0);
        }

        MemorySegment entry = arena.allocate(Layout.ME_SIZE, 8);
        entry.set(java.lang.foreign.ValueLayout.JAVA_SHORT, Layout.ME_SIZE_FIELD, (short) Layout.ME_SIZE);
        entry.set(java.lang.foreign.ValueLayout.JAVA_INT, Layout.ME_ZEND_API, Layout.MODULE_API_NO);
        entry.set(java.lang.foreign.ValueLayout.JAVA_BYTE, Layout.ME_ZEND_DEBUG, (byte) 0);
        entry.set(java.lang.foreign.ValueLayout.JAVA_BYTE, Layout.ME_ZTS, (byte) (lib.zts ? 1 : 0));
        entry.set(JAVA_LONG, Layout.ME_NAME, arena.allocateFrom(moduleName).address());
        entry.set(JAVA_LONG, Layout.ME_FUNCTIONS, table.address());
        entry.set(JAVA_LONG, Layout.ME_VERSION, arena.allocateFrom(version).address());
        entry.set(JAVA_LONG, Layout.ME_BUILD_ID, arena.allocateFrom(Layout.string("zend.module_build_id")).address());
        return new HostModule(entry, List.copyOf(bindings));
    }

    private static int typeMask(PhpType type) {
        return switch (type) {
            case INT -> Layout.MAY_BE_LONG;
            case FLOAT -> Layout.MAY_BE_DOUBLE;
            case STRING -> Layout.MAY_BE_STRING;
            case BOOL -> Layout.MAY_BE_FALSE | Layout.MAY_BE_TRUE;
            case ARRAY -> Layout.MAY_BE_ARRAY;
            case NULL -> Layout.MAY_BE_NULL;
            case FALSE -> Layout.MAY_BE_FALSE;
            case VOID -> Layout.MAY_BE_VOID;
            case MIXED -> Layout.MAY_BE_ANY;
        };
    }

    private static int returnMask(HostFunction fn) {
        int mask = 0;
        for (PhpType t : fn.returnType()) {
            mask |= typeMask(t);
        }
        return mask;
    }
}
