./struct_field_ptr_return.mini:6:2: moved to heap: x
