//! The machine's cores for the few steps that handle every unit at once:
//! shaping and formatting 2,000 units' tables is a third of a whole-corpus
//! `yoy`, and each unit's part is independent of the others.

/// How many threads [`map_in_order`] maps on: one per core, at most four.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// `f` applied to every item, results in the items' order. With at least
/// `min` items and more than one core, the items are split into one run
/// per core (at most four), each mapped on a thread of its own.
pub fn map_in_order<T: Send, U: Send>(
    mut items: Vec<T>,
    min: usize,
    f: impl Fn(T) -> U + Sync,
) -> Vec<U> {
    let threads = threads();
    if threads < 2 || items.len() < min.max(2) {
        return items.into_iter().map(f).collect();
    }
    let run = items.len().div_ceil(threads);
    let mut runs = Vec::with_capacity(threads);
    while items.len() > run {
        runs.push(items.split_off(items.len() - run));
    }
    runs.push(items);
    runs.reverse();
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = runs
            .into_iter()
            .map(|run| scope.spawn(move || run.into_iter().map(f).collect::<Vec<U>>()))
            .collect();
        workers
            .into_iter()
            // A worker's panic is the caller's, as if it had run here.
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order() {
        for n in [0, 1, 2, 3, 7, 64, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let mapped = map_in_order(items, 2, |i| i * 10);
            assert_eq!(mapped, (0..n).map(|i| i * 10).collect::<Vec<_>>());
        }
    }
}
