./iface_local.mini:4:22: x does not escape
