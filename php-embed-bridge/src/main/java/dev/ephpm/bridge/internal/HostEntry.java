package dev.ephpm.bridge.internal;

import dev.ephpm.bridge.function.HostCall;
import dev.ephpm.bridge.function.HostFunctionBody;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * The Java method each host function's upcall stub calls: a small hidden class per function whose one static
 * method runs {@link HostDispatch}'s steps around {@code BODY.call(call)}, with the function's binding and body
 * as class constants.
 *
 * <p>Why generate a class: with one shared dispatch method (an upcall stub bound with {@code bindTo}), the body
 * call site sees a dozen receiver types, a megamorphic interface call the JIT cannot inline, under two more
 * method-handle frames; and whether the JIT inlined the shared method into its callers varied from run to run.
 * Here each function's body call site is its own, calls one constant of one class, and is inlined, with the
 * store call beneath it. Measured: several ns of a ~30 ns call, and steadier figures.
 */
final class HostEntry {
    private static final ClassDesc CD_BINDING = ClassDesc.of(HostModule.Binding.class.getName());
    private static final ClassDesc CD_BODY = ClassDesc.of(HostFunctionBody.class.getName());
    private static final ClassDesc CD_CALL = ClassDesc.of(HostCall.class.getName());
    private static final ClassDesc CD_DISPATCH = ClassDesc.of(HostDispatch.class.getName());
    private static final MethodTypeDesc ENTRY = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_long,
            ConstantDescs.CD_long);
    private static final MethodTypeDesc ENTER = MethodTypeDesc.of(CD_CALL, CD_BINDING, ConstantDescs.CD_long,
            ConstantDescs.CD_long);
    private static final MethodTypeDesc BODY_CALL = MethodTypeDesc.of(ConstantDescs.CD_void, CD_CALL);
    private static final MethodTypeDesc FAIL = MethodTypeDesc.of(ConstantDescs.CD_void, CD_BINDING, CD_CALL,
            ConstantDescs.CD_Throwable);
    private static final MethodTypeDesc EXIT = MethodTypeDesc.of(ConstantDescs.CD_void, CD_CALL);
    /** {@code MethodHandles.classDataAt(Lookup, String, Class, int)}: loads one element of the class data. */
    private static final DirectMethodHandleDesc CLASS_DATA_AT = MethodHandleDesc.ofMethod(
            DirectMethodHandleDesc.Kind.STATIC, ConstantDescs.CD_MethodHandles, "classDataAt",
            MethodTypeDesc.of(ConstantDescs.CD_Object, ConstantDescs.CD_MethodHandles_Lookup, ConstantDescs.CD_String,
                    ConstantDescs.CD_Class, ConstantDescs.CD_int));
    private static final DynamicConstantDesc<?> BINDING = DynamicConstantDesc.ofNamed(CLASS_DATA_AT,
            ConstantDescs.DEFAULT_NAME, CD_BINDING, 0);
    private static final DynamicConstantDesc<?> BODY = DynamicConstantDesc.ofNamed(CLASS_DATA_AT,
            ConstantDescs.DEFAULT_NAME, CD_BODY, 1);

    private HostEntry() {
    }

    /** A handle of type {@code (long executeData, long returnValue) void} that runs {@code binding}'s body. */
    static MethodHandle of(HostModule.Binding binding) {
        ClassDesc self = ClassDesc.of(HostEntry.class.getPackageName() + ".HostEntry$Fn");
        ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.ofClassLoading(HostEntry.class.getClassLoader())));
        byte[] bytes = classFile.build(self, cls -> cls
                .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC)
                .withMethodBody("call", ENTRY, ClassFile.ACC_STATIC, code -> {
                    int call = 4;
                    int thrown = 5;
                    Label entered = code.newLabel();
                    code.ldc(BINDING).lload(0).lload(2).invokestatic(CD_DISPATCH, "enter", ENTER)
                            .astore(call)
                            .aload(call).ifnonnull(entered)
                            .return_()
                            .labelBinding(entered)
                            .trying(
                                    body -> body.ldc(BODY).aload(call).invokeinterface(CD_BODY, "call", BODY_CALL),
                                    handlers -> handlers.catchingAll(handler -> handler.astore(thrown)
                                            .ldc(BINDING).aload(call).aload(thrown)
                                            .invokestatic(CD_DISPATCH, "fail", FAIL)))
                            .aload(call).invokestatic(CD_DISPATCH, "exit", EXIT)
                            .return_();
                }));
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup()
                    .defineHiddenClassWithClassData(bytes, List.of(binding, binding.body), true);
            return lookup.findStatic(lookup.lookupClass(), "call",
                    MethodType.methodType(void.class, long.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define the entry of " + binding.name, e);
        }
    }
}
