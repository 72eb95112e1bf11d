//! A generational garbage-collected heap that knows nothing about Mini: objects are a header plus words.
