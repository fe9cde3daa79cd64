package dev.ephpm.bridge.internal;

import java.util.Properties;

/**
 * Struct offsets and constants of the loaded libphp, read from the properties file that
 * {@code scripts/gen-php-layout.sh} produced from that library's own headers.
 *
 * <p>They are {@code static final} on purpose: one process loads one libphp, and the JIT folds static finals into
 * constants on the hot paths (argument reads, string returns). {@link #install} must run before anything touches
 * this class's fields.
 */
public final class Layout {
    /**
     * Holds the layout until this class initialises. A separate class, because calling a static method of
     * {@code Layout} itself would run its initialiser before the properties arrive.
     */
    static final class Source {
        private static volatile Properties pending;
        private static volatile boolean frozen;

        private Source() {
        }

        /**
         * Records the layout to use, before the first access to {@code Layout}. A load that failed after this
         * call may be retried, with this or another library, as long as nothing has read the offsets yet; once
         * they are read they are constants of this process.
         */
        static synchronized void install(Properties properties) {
            if (frozen && !properties.equals(pending)) {
                throw new IllegalStateException("another libphp layout is already in use in this process");
            }
            pending = properties;
        }
    }

    private static final Properties pending = freeze();

    private static Properties freeze() {
        synchronized (Source.class) {
            Source.frozen = true;
            return Source.pending;
        }
    }

    private static long get(String key) {
        Properties p = pending;
        if (p == null) {
            throw new IllegalStateException("no libphp layout installed");
        }
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("libphp layout has no entry '" + key + "': regenerate it (the build does)");
        }
        return Long.parseLong(value.trim());
    }

    private static int i(String key) {
        return Math.toIntExact(get(key));
    }

    static String string(String key) {
        return pending.getProperty(key);
    }

    // sapi_module_struct
    public static final long SAPI_MODULE_SIZE = get("sapi_module.size");
    public static final long SM_NAME = get("sapi_module.name");
    public static final long SM_PRETTY_NAME = get("sapi_module.pretty_name");
    public static final long SM_UB_WRITE = get("sapi_module.ub_write");
    public static final long SM_FLUSH = get("sapi_module.flush");
    public static final long SM_SAPI_ERROR = get("sapi_module.sapi_error");
    public static final long SM_SEND_HEADERS = get("sapi_module.send_headers");
    public static final long SM_SEND_HEADER = get("sapi_module.send_header");
    public static final long SM_READ_POST = get("sapi_module.read_post");
    public static final long SM_READ_COOKIES = get("sapi_module.read_cookies");
    public static final long SM_REGISTER_SERVER_VARIABLES = get("sapi_module.register_server_variables");
    public static final long SM_LOG_MESSAGE = get("sapi_module.log_message");
    public static final long SM_GET_REQUEST_TIME = get("sapi_module.get_request_time");
    public static final long SM_EXECUTABLE_LOCATION = get("sapi_module.executable_location");
    public static final long SM_PHP_INI_IGNORE = get("sapi_module.php_ini_ignore");
    public static final long SM_PHP_INI_IGNORE_CWD = get("sapi_module.php_ini_ignore_cwd");
    public static final long SM_PHPINFO_AS_TEXT = get("sapi_module.phpinfo_as_text");
    public static final long SM_INI_ENTRIES = get("sapi_module.ini_entries");
    public static final long SM_ADDITIONAL_FUNCTIONS = get("sapi_module.additional_functions");

    // sapi_globals_struct
    public static final long SG_SERVER_CONTEXT = get("sapi_globals.server_context");
    public static final long SG_REQUEST_METHOD = get("sapi_globals.request_method");
    public static final long SG_QUERY_STRING = get("sapi_globals.query_string");
    public static final long SG_COOKIE_DATA = get("sapi_globals.cookie_data");
    public static final long SG_CONTENT_LENGTH = get("sapi_globals.content_length");
    public static final long SG_PATH_TRANSLATED = get("sapi_globals.path_translated");
    public static final long SG_REQUEST_URI = get("sapi_globals.request_uri");
    public static final long SG_CONTENT_TYPE = get("sapi_globals.content_type");
    public static final long SG_AUTH_USER = get("sapi_globals.auth_user");
    public static final long SG_AUTH_PASSWORD = get("sapi_globals.auth_password");
    public static final long SG_AUTH_DIGEST = get("sapi_globals.auth_digest");
    public static final long SG_ARGC = get("sapi_globals.argc");
    public static final long SG_ARGV = get("sapi_globals.argv");
    public static final long SG_PROTO_NUM = get("sapi_globals.proto_num");
    public static final long SG_HTTP_RESPONSE_CODE = get("sapi_globals.http_response_code");
    public static final long SG_HEADERS_SENT = get("sapi_globals.headers_sent");
    public static final long SG_OPTIONS = get("sapi_globals.options");
    public static final long SAPI_HEADERS_RESPONSE_CODE = get("sapi_headers.http_response_code");
    public static final long SAPI_HEADER_HEADER = get("sapi_header.header");
    public static final long SAPI_HEADER_LEN = get("sapi_header.header_len");
    public static final int SAPI_HEADER_DO_SEND = i("sapi.header_do_send");
    public static final int SAPI_OPTION_NO_CHDIR = i("sapi.option_no_chdir");

    // zend_executor_globals
    public static final long EG_EXIT_STATUS = get("executor_globals.exit_status");
    public static final long EG_CURRENT_EXECUTE_DATA = get("executor_globals.current_execute_data");
    public static final long EG_EXCEPTION = get("executor_globals.exception");
    public static final long EG_TIMED_OUT = get("executor_globals.timed_out");
    public static final long EG_VM_INTERRUPT = get("executor_globals.vm_interrupt");
    public static final long EG_INI_DIRECTIVES = get("executor_globals.ini_directives");

    // zend_ini_entry
    public static final long INI_ENTRY_ON_MODIFY = get("zend_ini_entry.on_modify");
    public static final int INI_STAGE_RUNTIME = (int) get("ini.stage_runtime");
    public static final int INI_STAGE_HTACCESS = (int) get("ini.stage_htaccess");
    public static final int E_WARNING = (int) get("error.warning");

    // zend_compiler_globals
    public static final long CG_SKIP_SHEBANG = get("compiler_globals.skip_shebang");

    // php_core_globals
    public static final long PG_MEMORY_LIMIT = get("core_globals.memory_limit");
    /** A short: PHP_CONNECTION_* bits, what connection_aborted() and connection_status() read. */
    public static final long PG_CONNECTION_STATUS = get("core_globals.connection_status");
    /** A bool: ignore_user_abort (the ini setting and the function). */
    public static final long PG_IGNORE_USER_ABORT = get("core_globals.ignore_user_abort");
    public static final int CONNECTION_ABORTED = (int) get("php.connection_aborted");

    // zval, zend_string, zend_array
    public static final long ZVAL_SIZE = get("zval.size");
    public static final long ZVAL_VALUE = get("zval.value");
    public static final long ZVAL_TYPE_INFO = get("zval.type_info");
    public static final long ZVAL_U2 = get("zval.u2");
    public static final long ZSTR_REFCOUNT = get("zend_string.refcount");
    public static final long ZSTR_TYPE_INFO = get("zend_string.type_info");
    public static final long ZSTR_H = get("zend_string.h");
    public static final long ZSTR_LEN = get("zend_string.len");
    public static final long ZSTR_VAL = get("zend_string.val");
    /** type_info of a fresh, non-interned, refcounted string: GC_STRING | GC_NOT_COLLECTABLE. */
    public static final int ZSTR_FRESH_TYPE_INFO = i("gc.string_type_info") | i("gc.not_collectable");
    public static final long ZARR_FLAGS = get("zend_array.flags");
    public static final long ZARR_DATA = get("zend_array.data");
    public static final long ZARR_NUM_USED = get("zend_array.num_used");
    public static final long ZARR_NUM_ELEMENTS = get("zend_array.num_elements");
    public static final int HASH_FLAG_PACKED = i("hash.flag_packed");
    public static final long BUCKET_SIZE = get("bucket.size");
    public static final long BUCKET_VAL = get("bucket.val");
    public static final long BUCKET_H = get("bucket.h");
    public static final long BUCKET_KEY = get("bucket.key");
    public static final long ZREF_VAL = get("zend_reference.val");

    // zend_execute_data
    public static final long EX_THIS = get("zend_execute_data.this");
    public static final long EX_NUM_ARGS = EX_THIS + ZVAL_U2;
    public static final long EX_FIRST_ARG = get("zend_execute_data.call_frame_slot") * ZVAL_SIZE;

    // zend_function_entry / zend_internal_arg_info
    public static final long FE_SIZE = get("zend_function_entry.size");
    public static final long FE_FNAME = get("zend_function_entry.fname");
    public static final long FE_HANDLER = get("zend_function_entry.handler");
    public static final long FE_ARG_INFO = get("zend_function_entry.arg_info");
    public static final long FE_NUM_ARGS = get("zend_function_entry.num_args");
    public static final long FE_FLAGS = get("zend_function_entry.flags");
    public static final long ARG_INFO_SIZE = get("zend_internal_arg_info.size");
    public static final long ARG_INFO_NAME = get("zend_internal_arg_info.name");
    public static final long ARG_INFO_TYPE_PTR = get("zend_internal_arg_info.type_ptr");
    public static final long ARG_INFO_TYPE_MASK = get("zend_internal_arg_info.type_mask");
    public static final long ARG_INFO_DEFAULT = get("zend_internal_arg_info.default_value");

    // zend_module_entry
    public static final long ME_SIZE = get("zend_module_entry.size");
    public static final long ME_SIZE_FIELD = get("zend_module_entry.size_field");
    public static final long ME_ZEND_API = get("zend_module_entry.zend_api");
    public static final long ME_ZEND_DEBUG = get("zend_module_entry.zend_debug");
    public static final long ME_ZTS = get("zend_module_entry.zts");
    public static final long ME_NAME = get("zend_module_entry.name");
    public static final long ME_FUNCTIONS = get("zend_module_entry.functions");
    public static final long ME_VERSION = get("zend_module_entry.version");
    public static final long ME_BUILD_ID = get("zend_module_entry.build_id");
    public static final int MODULE_API_NO = i("zend.module_api_no");

    // zend_file_handle
    public static final long FH_SIZE = get("zend_file_handle.size");
    public static final long FH_TYPE = get("zend_file_handle.type");
    public static final long FH_OPENED_PATH = get("zend_file_handle.opened_path");
    public static final long FH_PRIMARY_SCRIPT = get("zend_file_handle.primary_script");
    public static final long FH_BUF = get("zend_file_handle.buf");
    public static final long FH_LEN = get("zend_file_handle.len");
    public static final int ZEND_HANDLE_STREAM = i("zend_handle.stream");
    public static final int ZEND_MMAP_AHEAD = i("zend_mmap_ahead");
    public static final int ZEND_REQUIRE = i("zend.require");

    // type codes
    public static final int IS_UNDEF = i("type.undef");
    public static final int IS_NULL = i("type.null");
    public static final int IS_FALSE = i("type.false");
    public static final int IS_TRUE = i("type.true");
    public static final int IS_LONG = i("type.long");
    public static final int IS_DOUBLE = i("type.double");
    public static final int IS_STRING = i("type.string");
    public static final int IS_ARRAY = i("type.array");
    public static final int IS_OBJECT = i("type.object");
    public static final int IS_REFERENCE = i("type.reference");
    public static final int IS_INDIRECT = i("type.indirect");
    public static final int IS_STRING_EX = i("type.string_ex");
    public static final int IS_ARRAY_EX = i("type.array_ex");

    public static final int MAY_BE_NULL = i("may_be.null");
    public static final int MAY_BE_FALSE = i("may_be.false");
    public static final int MAY_BE_TRUE = i("may_be.true");
    public static final int MAY_BE_LONG = i("may_be.long");
    public static final int MAY_BE_DOUBLE = i("may_be.double");
    public static final int MAY_BE_STRING = i("may_be.string");
    public static final int MAY_BE_ARRAY = i("may_be.array");
    public static final int MAY_BE_ANY = i("may_be.any");
    public static final int MAY_BE_VOID = i("may_be.void");

    public static final int EXPECTED_LONG = i("expected.long");
    public static final int EXPECTED_BOOL = i("expected.bool");
    public static final int EXPECTED_STRING = i("expected.string");
    public static final int EXPECTED_ARRAY = i("expected.array");
    public static final int EXPECTED_DOUBLE = i("expected.double");
    public static final int EXPECTED_LONG_OR_NULL = i("expected.long_or_null");
    public static final int EXPECTED_BOOL_OR_NULL = i("expected.bool_or_null");
    public static final int EXPECTED_STRING_OR_NULL = i("expected.string_or_null");
    public static final int EXPECTED_ARRAY_OR_NULL = i("expected.array_or_null");
    public static final int EXPECTED_DOUBLE_OR_NULL = i("expected.double_or_null");

    private Layout() {
    }
}
