./reassigned_capture.mini:6:7: func literal does not escape
