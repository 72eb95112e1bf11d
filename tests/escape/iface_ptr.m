./iface_ptr.mini:8:6: &T{...} escapes to heap
