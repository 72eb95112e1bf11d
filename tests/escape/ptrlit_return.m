./ptrlit_return.mini:6:9: &T{...} escapes to heap
