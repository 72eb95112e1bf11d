./method_ptr_noleak.mini:5:7: t does not escape
