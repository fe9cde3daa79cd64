package dev.ephpm.bridge.function;

/** The PHP types a host function's parameters and return value can be declared with. */
public enum PhpType {
    INT("int"),
    FLOAT("float"),
    STRING("string"),
    BOOL("bool"),
    ARRAY("array"),
    /** Only in return types: {@code null} (with another type, makes it nullable). */
    NULL("null"),
    /** Only in return types: {@code false}, as in {@code int|false}. */
    FALSE("false"),
    /** Only in return types: the function returns nothing. */
    VOID("void"),
    MIXED("mixed");

    private final String phpName;

    PhpType(String phpName) {
        this.phpName = phpName;
    }

    public String phpName() {
        return phpName;
    }
}
