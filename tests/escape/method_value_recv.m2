./method_value_recv.mini:8:7: &T{...} does not escape
