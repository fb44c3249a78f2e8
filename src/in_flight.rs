//! How far an import's reader may run ahead of its writer, in bytes of
//! files. A prepared document can take ten times its file's size in memory
//! (an 8 MiB text export of 187 units: about 100 MB), so a queue that
//! counts documents alone would let a folder of large files hold several
//! of them at once. The reader takes a file's size before reading it and
//! the writer gives it back once the document is stored and freed; a file
//! larger than the whole allowance waits until nothing else is in flight,
//! so large files are read and stored one at a time.

use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// Bytes of files read ahead of the writer at most (unless a single file
/// is larger). Small disclosures (20–60 KB) still fill the document queue.
pub const READ_AHEAD_BYTES: u64 = 4 << 20;

/// The allowance shared by the reader and the writer.
#[derive(Debug)]
pub struct InFlight {
    limit: u64,
    taken: Mutex<u64>,
    returned: Condvar,
}

/// A file's share of the allowance, given back when dropped.
#[derive(Debug)]
pub struct Ticket {
    flight: Arc<InFlight>,
    bytes: u64,
}

impl InFlight {
    pub fn new(limit: u64) -> Arc<InFlight> {
        Arc::new(InFlight {
            limit,
            taken: Mutex::new(0),
            returned: Condvar::new(),
        })
    }

    /// Wait until `bytes` more fit the allowance, or nothing is in flight,
    /// then take them.
    pub fn take(self: &Arc<InFlight>, bytes: u64) -> Ticket {
        // The lock guards one integer; a thread that panicked holding it
        // left a valid count.
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        while *taken > 0 && taken.saturating_add(bytes) > self.limit {
            taken = self
                .returned
                .wait(taken)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *taken = taken.saturating_add(bytes);
        Ticket {
            flight: Arc::clone(self),
            bytes,
        }
    }

    fn give_back(&self, bytes: u64) {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        *taken = taken.saturating_sub(bytes);
        self.returned.notify_all();
    }

    #[cfg(test)]
    fn taken(&self) -> u64 {
        *self.taken.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.flight.give_back(self.bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn small_files_share_the_allowance_and_a_large_one_waits_for_all() {
        let flight = InFlight::new(100);
        let a = flight.take(40);
        let b = flight.take(50);
        assert_eq!(flight.taken(), 90);
        let (sent, got) = mpsc::channel();
        std::thread::scope(|scope| {
            let waiting = Arc::clone(&flight);
            scope.spawn(move || {
                let large = waiting.take(500);
                sent.send(()).unwrap();
                drop(large);
            });
            assert!(
                got.recv_timeout(Duration::from_millis(50)).is_err(),
                "the large file waits while others are in flight"
            );
            drop(a);
            assert!(
                got.recv_timeout(Duration::from_millis(50)).is_err(),
                "and while any one is"
            );
            drop(b);
            got.recv_timeout(Duration::from_secs(10))
                .expect("alone, the large file goes");
        });
        assert_eq!(flight.taken(), 0);
    }

    #[test]
    fn a_file_larger_than_the_allowance_goes_when_nothing_else_is_in_flight() {
        let flight = InFlight::new(10);
        let large = flight.take(1 << 30);
        assert_eq!(flight.taken(), 1 << 30);
        drop(large);
        assert_eq!(flight.taken(), 0);
    }
}
