//! Small safe helpers over `rdkafka::bindings` for the operations rdkafka does not wrap.
//!
//! Owns: the RAII guard for C objects, C string conversion, and the error buffer. Nothing here
//! knows about a particular admin operation.

use std::ffi::{c_char, CStr, CString};

use anyhow::{anyhow, Result};

/// Owns a pointer to a librdkafka object and destroys it on drop.
pub(crate) struct Guard<T> {
    ptr: *mut T,
    destroy: unsafe extern "C" fn(*mut T),
}

impl<T> Guard<T> {
    /// Takes ownership of `ptr`, to be released with `destroy`.
    ///
    /// # Safety
    /// `ptr` must be null or a live object that `destroy` may free exactly once.
    pub(crate) unsafe fn new(ptr: *mut T, destroy: unsafe extern "C" fn(*mut T)) -> Self {
        Self { ptr, destroy }
    }

    /// The raw pointer, still owned by the guard.
    pub(crate) fn ptr(&self) -> *mut T {
        self.ptr
    }

    /// Whether the pointer is null.
    pub(crate) fn is_null(&self) -> bool {
        self.ptr.is_null()
    }
}

impl<T> Drop for Guard<T> {
    fn drop(&mut self) {
        if !self.ptr.is_null() {
            // SAFETY: the constructor's contract: a live object freed once, here.
            unsafe { (self.destroy)(self.ptr) }
        }
    }
}

/// A buffer for librdkafka's `errstr` out-parameters.
pub(crate) struct ErrBuf([c_char; 512]);

impl ErrBuf {
    /// An empty buffer.
    pub(crate) fn new() -> Self {
        Self([0; 512])
    }

    /// Pointer for the C call.
    pub(crate) fn as_mut_ptr(&mut self) -> *mut c_char {
        self.0.as_mut_ptr()
    }

    /// Capacity for the C call.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// The message librdkafka wrote.
    pub(crate) fn message(&self) -> String {
        // SAFETY: the buffer is zero-initialised and librdkafka NUL-terminates what it writes.
        unsafe { CStr::from_ptr(self.0.as_ptr()) }
            .to_string_lossy()
            .into_owned()
    }
}

/// Converts a Rust string to a C string, refusing embedded NUL bytes.
pub(crate) fn cstring(value: &str) -> Result<CString> {
    CString::new(value).map_err(|_| anyhow!("{value:?} contains a NUL byte"))
}

/// Copies a C string (possibly null) into an owned `String`.
///
/// # Safety
/// `ptr` must be null or point to a NUL-terminated string alive for the call.
pub(crate) unsafe fn owned(ptr: *const c_char) -> Option<String> {
    if ptr.is_null() {
        None
    } else {
        Some(CStr::from_ptr(ptr).to_string_lossy().into_owned())
    }
}
