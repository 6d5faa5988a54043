//! Work on every core: split a slice into runs, handle each on a scoped thread, keep the order.
//! Loading, indexing and search all fan out this way.

/// Threads to use: the cores there are, at most eight.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// A run length that gives each core one run, or the whole slice when it is shorter than
/// `min` (threads cost more than they save on small work).
pub fn per_core(len: usize, min: usize) -> usize {
    if len < min {
        len.max(1)
    } else {
        len.div_ceil(threads()).max(1)
    }
}

/// Calls `f(first, run)` for each run of `chunk` items (the last may be shorter), where `first`
/// is the index of the run's first item; in parallel when there are several runs. Results come
/// back in slice order; a panic in a run is passed on.
pub fn map_chunks<T, R, F>(items: &[T], chunk: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(usize, &[T]) -> R + Sync,
{
    let chunk = chunk.max(1);
    if items.len() <= chunk {
        return vec![f(0, items)];
    }
    each_run(items.chunks(chunk), chunk, f)
}

/// [`map_chunks`], each thread given its run to change.
pub fn map_chunks_mut<T, R, F>(items: &mut [T], chunk: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(usize, &mut [T]) -> R + Sync,
{
    let chunk = chunk.max(1);
    if items.len() <= chunk {
        return vec![f(0, items)];
    }
    each_run(items.chunks_mut(chunk), chunk, f)
}

/// `f(first, run)` on a thread of its own for each of `runs` (`chunk` items each).
fn each_run<C, R, F>(runs: impl Iterator<Item = C>, chunk: usize, f: F) -> Vec<R>
where
    C: Send,
    R: Send,
    F: Fn(usize, C) -> R + Sync,
{
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = runs
            .enumerate()
            .map(|(n, run)| scope.spawn(move || f(n * chunk, run)))
            .collect();
        join_all(workers)
    })
}

/// Each thread's result, in order; a panic in one is passed on.
fn join_all<R>(workers: Vec<std::thread::ScopedJoinHandle<'_, R>>) -> Vec<R> {
    workers
        .into_iter()
        .map(|w| {
            w.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
        .collect()
}

/// Works through `items` on every core in blocks of `block` items that the threads take in
/// turn, so a thread the machine slows down (a shared server) takes fewer and none waits long
/// for the last: each thread calls `work(&mut own, first, block)` for the blocks it takes, in
/// increasing order, starting from `start()`, then `finish(own)`. One result per thread; on
/// short slices (below `min` items), one thread.
pub fn blocks<T, A, R>(
    items: &[T],
    block: usize,
    min: usize,
    start: impl Fn() -> A + Sync,
    work: impl Fn(&mut A, usize, &[T]) + Sync,
    finish: impl Fn(A) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    use std::sync::atomic::{AtomicUsize, Ordering};
    let block = block.max(1);
    let next = AtomicUsize::new(0);
    let run = || {
        let mut own = start();
        loop {
            let first = next.fetch_add(block, Ordering::Relaxed);
            if first >= items.len() {
                break;
            }
            let end = (first + block).min(items.len());
            work(&mut own, first, &items[first..end]);
        }
        finish(own)
    };
    let threads = if items.len() < min { 1 } else { threads() };
    if threads == 1 {
        return vec![run()];
    }
    let run = &run;
    std::thread::scope(|scope| join_all((0..threads).map(|_| scope.spawn(run)).collect()))
}

/// Hands memory freed by work on several threads (each allocates from its own pool, which
/// keeps what is freed) back to the system: after parsing (the file text, the readers'
/// temporaries) and after the tie-break's collation keys, so what is built next does not
/// stack on top of it.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the kernel; no pointer is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_come_back_in_order_with_their_offsets() {
        let items: Vec<usize> = (0..10).collect();
        let runs = map_chunks(&items, 4, |first, run| (first, run.to_vec()));
        assert_eq!(
            runs,
            [
                (0, vec![0, 1, 2, 3]),
                (4, vec![4, 5, 6, 7]),
                (8, vec![8, 9])
            ]
        );
        assert_eq!(
            map_chunks(&items, 100, |first, run| (first, run.len())),
            [(0, 10)]
        );
        let empty: [u8; 0] = [];
        assert_eq!(map_chunks(&empty, 4, |_, run| run.len()), [0]);
    }

    #[test]
    fn blocks_are_each_worked_once_in_increasing_order_per_thread() {
        let items: Vec<usize> = (0..10_000).collect();
        let per_thread = blocks(
            &items,
            64,
            100,
            Vec::new,
            |seen: &mut Vec<usize>, first, block| {
                assert_eq!(block[0], first);
                seen.extend_from_slice(block);
            },
            |seen| seen,
        );
        assert_eq!(per_thread.len(), threads());
        for seen in &per_thread {
            assert!(seen.windows(2).all(|w| w[0] < w[1]), "out of order");
        }
        let mut all: Vec<usize> = per_thread.concat();
        all.sort_unstable();
        assert_eq!(all, items, "every item exactly once");
        let short = blocks(&items[..50], 8, 100, || 0, |n, _, b| *n += b.len(), |n| n);
        assert_eq!(short, [50], "short work stays on one thread");
    }

    #[test]
    fn small_work_stays_in_one_run() {
        assert_eq!(per_core(10, 100), 10);
        assert_eq!(per_core(0, 100), 1);
        assert!(per_core(1000, 100) <= 1000);
    }
}
