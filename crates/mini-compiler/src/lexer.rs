//! Go tokens from logos, positions as byte offsets, and automatic semicolon insertion.
