//! A search's work shared with a second thread, when that pays.
//!
//! A query's work comes in a few items: the segments to search, then the hits to read and
//! make snippets for. Starting a thread costs some hundreds of microseconds, more than a light
//! query's whole search, so the calling thread starts alone and a helper thread joins only
//! when the work left is worth it (or at once, for a few large items). The helper is not
//! waited for: if it starts after the calling thread has taken every item, nothing waits on
//! it, and it finds nothing to do.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// What starting a thread and handing it work costs, about (measured: 30–200 µs on a busy
/// 2-core machine, more with the caches a new thread has to warm).
const THREAD_START: Duration = Duration::from_micros(250);

/// `work(state, i)` for each item `i` of `sizes` (each item's share of the work, in any
/// unit), results in item order; `None` if a helper thread stopped without finishing an
/// item it took (it panicked).
///
/// Items are taken in order. On a machine with several cores a helper thread, with a clone
/// of `state`, takes items too: from the start when `eager`, or else once the calling thread,
/// estimating the time the items left will take from the time so far and their sizes,
/// expects to save more than the thread costs. Few, large items (segments) need `eager`: by
/// the time the first is done, most of the chance to share is gone.
pub fn shared<S, R, W>(sizes: &[u64], eager: bool, mut state: S, work: W) -> Option<Vec<R>>
where
    S: Clone + Send + 'static,
    R: Send + 'static,
    W: Fn(&mut S, usize) -> R + Send + Sync + 'static,
{
    let n = sizes.len();
    let work = Arc::new(work);
    let next = Arc::new(AtomicUsize::new(0));
    let help = |state: &S| -> Option<mpsc::Receiver<(usize, R)>> {
        let (send, receive) = mpsc::channel();
        let (work, next, mut state) = (Arc::clone(&work), Arc::clone(&next), state.clone());
        let helper = move || loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n || send.send((i, work(&mut state, i))).is_err() {
                break;
            }
        };
        // A thread that cannot be started leaves the work to the calling thread.
        std::thread::Builder::new()
            .name("gz-search-helper".into())
            .spawn(helper)
            .ok()
            .map(|_| receive)
    };

    let mut results: Vec<Option<R>> = (0..n).map(|_| None).collect();
    let mut helper = None;
    // Asked for at most once: a thread the system refused is not asked for again.
    let mut can_help = cores() > 1 && n > 1;
    if can_help && eager {
        helper = help(&state);
        can_help = false;
    }
    let total: u64 = sizes.iter().sum();
    let mut done = 0;
    let mut taken_here = 0;
    let started = Instant::now();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= n {
            break;
        }
        results[i] = Some(work(&mut state, i));
        taken_here += 1;
        done += sizes[i];
        if can_help && worth_help(started.elapsed(), done, total) {
            helper = help(&state);
            can_help = false;
        }
    }
    if let Some(receive) = helper {
        for _ in taken_here..n {
            let (i, result) = receive.recv().ok()?;
            results[i] = Some(result);
        }
    }
    results.into_iter().collect()
}

/// Whether a second thread pays, `elapsed` into work of which `done` of `total` (in the items'
/// size unit) is done: half the time the rest should take is more than the thread costs.
fn worth_help(elapsed: Duration, done: u64, total: u64) -> bool {
    if done == 0 || done >= total {
        return false;
    }
    let left = elapsed.mul_f64((total - done) as f64 / done as f64);
    left >= THREAD_START * 2
}

/// The number of cores this process may use (asked once: reading it takes tens of
/// microseconds).
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |c| c.get()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::thread::ThreadId;

    /// Work that takes `ms` milliseconds an item and records the thread that did it.
    fn slow(ms: u64, threads: Arc<Mutex<HashSet<ThreadId>>>) -> impl Fn(&mut u32, usize) -> usize {
        move |calls: &mut u32, i: usize| {
            std::thread::sleep(Duration::from_millis(ms));
            *calls += 1;
            threads.lock().unwrap().insert(std::thread::current().id());
            i * 10
        }
    }

    #[test]
    fn every_item_is_done_once_and_in_order() {
        for (n, eager, ms) in [
            (0, false, 0),
            (1, true, 0),
            (5, false, 0),
            (7, true, 1),
            (9, false, 2),
        ] {
            let threads = Arc::new(Mutex::new(HashSet::new()));
            let out = shared(&vec![1; n], eager, 0u32, slow(ms, threads)).unwrap();
            assert_eq!(
                out,
                (0..n).map(|i| i * 10).collect::<Vec<_>>(),
                "{n} {eager} {ms}"
            );
        }
    }

    #[test]
    fn long_work_is_shared() {
        if cores() < 2 {
            return;
        }
        let threads = Arc::new(Mutex::new(HashSet::new()));
        shared(&[1; 8], false, 0u32, slow(10, Arc::clone(&threads))).unwrap();
        assert_eq!(
            threads.lock().unwrap().len(),
            2,
            "8 items of 10 ms are shared"
        );
    }

    #[test]
    fn help_is_called_when_the_rest_is_worth_a_thread() {
        let ms = Duration::from_millis;
        // 1 ms for a tenth: 9 ms to go.
        assert!(worth_help(ms(1), 1, 10));
        // 10 µs for a tenth: 90 µs to go, less than a thread costs.
        assert!(!worth_help(Duration::from_micros(10), 1, 10));
        // The last item, or nothing done yet: nothing to share or to judge by.
        assert!(!worth_help(ms(50), 10, 10));
        assert!(!worth_help(ms(50), 0, 10));
        // Large items done first: the rest is judged by size, not by count.
        assert!(!worth_help(ms(2), 1000, 1010));
        assert!(worth_help(ms(2), 1000, 3000));
    }

    #[test]
    fn a_helper_that_fails_gives_none() {
        if cores() < 2 {
            return;
        }
        let main = std::thread::current().id();
        let work = move |_: &mut u32, i: usize| {
            if std::thread::current().id() != main {
                panic!("the helper fails on item {i}");
            }
            std::thread::sleep(Duration::from_millis(5));
            i
        };
        assert_eq!(shared(&[1; 6], true, 0u32, work), None);
    }
}
