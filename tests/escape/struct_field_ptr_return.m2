./struct_field_ptr_return.mini:6:2: x escapes to heap in f:
./struct_field_ptr_return.mini:6:2:   flow: ~r0 ← &x:
./struct_field_ptr_return.mini:6:2:     from &x (address-of) at ./struct_field_ptr_return.mini:7:14
./struct_field_ptr_return.mini:6:2:     from T{...} (struct literal element) at ./struct_field_ptr_return.mini:7:10
./struct_field_ptr_return.mini:6:2:     from return T{...} (return) at ./struct_field_ptr_return.mini:7:2
./struct_field_ptr_return.mini:6:2: moved to heap: x
