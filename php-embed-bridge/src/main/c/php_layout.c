/*
 * Prints the struct offsets, sizes and constants the Java bridge needs, as key=value lines, for the libphp whose
 * headers this is compiled against. It is compiled and run at build time (scripts/gen-php-layout.sh) so that no
 * offset in the bridge is a guess: Debian's 8.2.x backports have grown structs without an API-number change.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include "php.h"
#include "SAPI.h"
#include "php_main.h"
#include "php_variables.h"
#include "php_globals.h"
#include "zend_types.h"
#include "zend_API.h"
#include "zend_modules.h"
#include "zend_stream.h"
#include "zend_globals.h"
#include "zend_execute.h"

#define OFF(key, type, field) printf("%s=%zu\n", key, offsetof(type, field))
#define SIZE(key, type) printf("%s=%zu\n", key, sizeof(type))
#define INT(key, value) printf("%s=%lld\n", key, (long long)(value))
#define STR(key, value) printf("%s=%s\n", key, value)

int main(void) {
    STR("php.version", PHP_VERSION);
    INT("php.version_id", PHP_VERSION_ID);
    INT("zend.module_api_no", ZEND_MODULE_API_NO);
    STR("zend.module_build_id", ZEND_MODULE_BUILD_ID);
#ifdef ZTS
    INT("zts", 1);
#else
    INT("zts", 0);
#endif

    SIZE("sapi_module.size", sapi_module_struct);
    OFF("sapi_module.name", sapi_module_struct, name);
    OFF("sapi_module.pretty_name", sapi_module_struct, pretty_name);
    OFF("sapi_module.startup", sapi_module_struct, startup);
    OFF("sapi_module.shutdown", sapi_module_struct, shutdown);
    OFF("sapi_module.activate", sapi_module_struct, activate);
    OFF("sapi_module.deactivate", sapi_module_struct, deactivate);
    OFF("sapi_module.ub_write", sapi_module_struct, ub_write);
    OFF("sapi_module.flush", sapi_module_struct, flush);
    OFF("sapi_module.getenv", sapi_module_struct, getenv);
    OFF("sapi_module.sapi_error", sapi_module_struct, sapi_error);
    OFF("sapi_module.header_handler", sapi_module_struct, header_handler);
    OFF("sapi_module.send_headers", sapi_module_struct, send_headers);
    OFF("sapi_module.send_header", sapi_module_struct, send_header);
    OFF("sapi_module.read_post", sapi_module_struct, read_post);
    OFF("sapi_module.read_cookies", sapi_module_struct, read_cookies);
    OFF("sapi_module.register_server_variables", sapi_module_struct, register_server_variables);
    OFF("sapi_module.log_message", sapi_module_struct, log_message);
    OFF("sapi_module.get_request_time", sapi_module_struct, get_request_time);
    OFF("sapi_module.php_ini_path_override", sapi_module_struct, php_ini_path_override);
    OFF("sapi_module.executable_location", sapi_module_struct, executable_location);
    OFF("sapi_module.php_ini_ignore", sapi_module_struct, php_ini_ignore);
    OFF("sapi_module.php_ini_ignore_cwd", sapi_module_struct, php_ini_ignore_cwd);
    OFF("sapi_module.phpinfo_as_text", sapi_module_struct, phpinfo_as_text);
    OFF("sapi_module.ini_entries", sapi_module_struct, ini_entries);
    OFF("sapi_module.additional_functions", sapi_module_struct, additional_functions);

    SIZE("sapi_globals.size", sapi_globals_struct);
    OFF("sapi_globals.server_context", sapi_globals_struct, server_context);
    OFF("sapi_globals.request_method", sapi_globals_struct, request_info.request_method);
    OFF("sapi_globals.query_string", sapi_globals_struct, request_info.query_string);
    OFF("sapi_globals.cookie_data", sapi_globals_struct, request_info.cookie_data);
    OFF("sapi_globals.content_length", sapi_globals_struct, request_info.content_length);
    OFF("sapi_globals.path_translated", sapi_globals_struct, request_info.path_translated);
    OFF("sapi_globals.request_uri", sapi_globals_struct, request_info.request_uri);
    OFF("sapi_globals.content_type", sapi_globals_struct, request_info.content_type);
    OFF("sapi_globals.headers_only", sapi_globals_struct, request_info.headers_only);
    OFF("sapi_globals.no_headers", sapi_globals_struct, request_info.no_headers);
    OFF("sapi_globals.auth_user", sapi_globals_struct, request_info.auth_user);
    OFF("sapi_globals.auth_password", sapi_globals_struct, request_info.auth_password);
    OFF("sapi_globals.auth_digest", sapi_globals_struct, request_info.auth_digest);
    OFF("sapi_globals.argc", sapi_globals_struct, request_info.argc);
    OFF("sapi_globals.argv", sapi_globals_struct, request_info.argv);
    OFF("sapi_globals.proto_num", sapi_globals_struct, request_info.proto_num);
    OFF("sapi_globals.http_response_code", sapi_globals_struct, sapi_headers.http_response_code);
    OFF("sapi_globals.headers_sent", sapi_globals_struct, headers_sent);
    OFF("sapi_globals.options", sapi_globals_struct, options);
    OFF("sapi_globals.global_request_time", sapi_globals_struct, global_request_time);
    OFF("sapi_headers.http_response_code", sapi_headers_struct, http_response_code);
    OFF("sapi_header.header", sapi_header_struct, header);
    OFF("sapi_header.header_len", sapi_header_struct, header_len);
    INT("sapi.header_sent_successfully", SAPI_HEADER_SENT_SUCCESSFULLY);
    INT("sapi.header_do_send", SAPI_HEADER_DO_SEND);
    INT("sapi.option_no_chdir", SAPI_OPTION_NO_CHDIR);

    SIZE("executor_globals.size", zend_executor_globals);
    OFF("executor_globals.exit_status", zend_executor_globals, exit_status);
    OFF("executor_globals.current_execute_data", zend_executor_globals, current_execute_data);
    OFF("executor_globals.exception", zend_executor_globals, exception);
    OFF("executor_globals.bailout", zend_executor_globals, bailout);
    OFF("executor_globals.timed_out", zend_executor_globals, timed_out);

    SIZE("zval.size", zval);
    OFF("zval.value", zval, value);
    OFF("zval.type_info", zval, u1.type_info);
    OFF("zval.u2", zval, u2);

    OFF("zend_string.refcount", zend_string, gc.refcount);
    OFF("zend_string.type_info", zend_string, gc.u.type_info);
    OFF("zend_string.h", zend_string, h);
    OFF("zend_string.len", zend_string, len);
    OFF("zend_string.val", zend_string, val);
    INT("gc.string_type_info", GC_STRING);
    INT("gc.not_collectable", GC_NOT_COLLECTABLE);

    SIZE("zend_array.size", zend_array);
    OFF("zend_array.flags", zend_array, u.flags);
    OFF("zend_array.data", zend_array, arData);
    OFF("zend_array.num_used", zend_array, nNumUsed);
    OFF("zend_array.num_elements", zend_array, nNumOfElements);
    INT("hash.flag_packed", HASH_FLAG_PACKED);
    SIZE("bucket.size", Bucket);
    OFF("bucket.val", Bucket, val);
    OFF("bucket.h", Bucket, h);
    OFF("bucket.key", Bucket, key);
    OFF("zend_reference.val", zend_reference, val);

    SIZE("zend_execute_data.size", zend_execute_data);
    OFF("zend_execute_data.this", zend_execute_data, This);
    OFF("zend_execute_data.func", zend_execute_data, func);
    INT("zend_execute_data.call_frame_slot", ZEND_CALL_FRAME_SLOT);

    SIZE("zend_function_entry.size", zend_function_entry);
    OFF("zend_function_entry.fname", zend_function_entry, fname);
    OFF("zend_function_entry.handler", zend_function_entry, handler);
    OFF("zend_function_entry.arg_info", zend_function_entry, arg_info);
    OFF("zend_function_entry.num_args", zend_function_entry, num_args);
    OFF("zend_function_entry.flags", zend_function_entry, flags);

    SIZE("zend_internal_arg_info.size", zend_internal_arg_info);
    OFF("zend_internal_arg_info.name", zend_internal_arg_info, name);
    OFF("zend_internal_arg_info.type_ptr", zend_internal_arg_info, type.ptr);
    OFF("zend_internal_arg_info.type_mask", zend_internal_arg_info, type.type_mask);
    OFF("zend_internal_arg_info.default_value", zend_internal_arg_info, default_value);

    SIZE("zend_module_entry.size", zend_module_entry);
    OFF("zend_module_entry.size_field", zend_module_entry, size);
    OFF("zend_module_entry.zend_api", zend_module_entry, zend_api);
    OFF("zend_module_entry.zend_debug", zend_module_entry, zend_debug);
    OFF("zend_module_entry.zts", zend_module_entry, zts);
    OFF("zend_module_entry.name", zend_module_entry, name);
    OFF("zend_module_entry.functions", zend_module_entry, functions);
    OFF("zend_module_entry.module_startup_func", zend_module_entry, module_startup_func);
    OFF("zend_module_entry.request_startup_func", zend_module_entry, request_startup_func);
    OFF("zend_module_entry.info_func", zend_module_entry, info_func);
    OFF("zend_module_entry.version", zend_module_entry, version);
    OFF("zend_module_entry.module_started", zend_module_entry, module_started);
    OFF("zend_module_entry.type", zend_module_entry, type);
    OFF("zend_module_entry.module_number", zend_module_entry, module_number);
    OFF("zend_module_entry.build_id", zend_module_entry, build_id);

    SIZE("zend_file_handle.size", zend_file_handle);
    OFF("zend_file_handle.filename", zend_file_handle, filename);
    OFF("zend_file_handle.opened_path", zend_file_handle, opened_path);
    OFF("zend_file_handle.type", zend_file_handle, type);
    OFF("zend_file_handle.primary_script", zend_file_handle, primary_script);
    OFF("zend_file_handle.in_list", zend_file_handle, in_list);
    OFF("zend_file_handle.buf", zend_file_handle, buf);
    OFF("zend_file_handle.len", zend_file_handle, len);
    INT("zend_handle.filename", ZEND_HANDLE_FILENAME);
    INT("zend_handle.stream", ZEND_HANDLE_STREAM);
    INT("zend_mmap_ahead", ZEND_MMAP_AHEAD);

    INT("type.undef", IS_UNDEF);
    INT("type.null", IS_NULL);
    INT("type.false", IS_FALSE);
    INT("type.true", IS_TRUE);
    INT("type.long", IS_LONG);
    INT("type.double", IS_DOUBLE);
    INT("type.string", IS_STRING);
    INT("type.array", IS_ARRAY);
    INT("type.object", IS_OBJECT);
    INT("type.reference", IS_REFERENCE);
    INT("type.indirect", IS_INDIRECT);
    INT("type.string_ex", IS_STRING_EX);
    INT("type.array_ex", IS_ARRAY_EX);
    INT("type.interned_string_ex", IS_INTERNED_STRING_EX);

    INT("may_be.null", MAY_BE_NULL);
    INT("may_be.false", MAY_BE_FALSE);
    INT("may_be.true", MAY_BE_TRUE);
    INT("may_be.long", MAY_BE_LONG);
    INT("may_be.double", MAY_BE_DOUBLE);
    INT("may_be.string", MAY_BE_STRING);
    INT("may_be.array", MAY_BE_ARRAY);
    INT("may_be.any", MAY_BE_ANY);
    INT("may_be.void", MAY_BE_VOID);

    INT("expected.long", Z_EXPECTED_LONG);
    INT("expected.bool", Z_EXPECTED_BOOL);
    INT("expected.string", Z_EXPECTED_STRING);
    INT("expected.array", Z_EXPECTED_ARRAY);
    INT("expected.double", Z_EXPECTED_DOUBLE);
    INT("expected.long_or_null", Z_EXPECTED_LONG_OR_NULL);
    INT("expected.bool_or_null", Z_EXPECTED_BOOL_OR_NULL);
    INT("expected.string_or_null", Z_EXPECTED_STRING_OR_NULL);
    INT("expected.array_or_null", Z_EXPECTED_ARRAY_OR_NULL);
    INT("expected.double_or_null", Z_EXPECTED_DOUBLE_OR_NULL);

    OFF("executor_globals.vm_interrupt", zend_executor_globals, vm_interrupt);
    INT("zend.require", ZEND_REQUIRE);
    OFF("core_globals.memory_limit", php_core_globals, memory_limit);
    OFF("executor_globals.ini_directives", zend_executor_globals, ini_directives);
    OFF("zend_ini_entry.on_modify", zend_ini_entry, on_modify);
    INT("ini.stage_runtime", ZEND_INI_STAGE_RUNTIME);
    INT("ini.stage_htaccess", ZEND_INI_STAGE_HTACCESS);
    INT("error.warning", E_WARNING);
    OFF("core_globals.connection_status", php_core_globals, connection_status);
    OFF("core_globals.ignore_user_abort", php_core_globals, ignore_user_abort);
    INT("php.connection_aborted", PHP_CONNECTION_ABORTED);
    OFF("compiler_globals.skip_shebang", zend_compiler_globals, skip_shebang);
    INT("error.deprecated", E_DEPRECATED);
    return 0;
}
