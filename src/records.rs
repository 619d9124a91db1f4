//! Connection records (work in progress).
