./iface_assign.mini:9:6: t escapes to heap
