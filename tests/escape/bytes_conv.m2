./bytes_conv.mini:3:8: s does not escape
./bytes_conv.mini:4:14: ([]byte)(s) does not escape
./bytes_conv.mini:4:14: zero-copy string->[]byte conversion
