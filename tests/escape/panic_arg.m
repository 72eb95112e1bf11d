./panic_arg.mini:6:8: &E{...} escapes to heap
