//! The delivery engine (work in progress).
