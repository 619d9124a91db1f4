//! Table layout discovery (work in progress).
