//! The arithmetic of the exact solve: expected values and a small dense linear system.

/// Σ p_i · w_i, where a zero probability contributes nothing even against an infinite value.
pub(super) fn dot(p: &[f64], w: impl Iterator<Item = f64>) -> f64 {
    p.iter().zip(w).filter(|(p, _)| **p > 0.0).map(|(p, w)| p * w).sum()
}

/// Solves the k × (k+1) augmented system by Gaussian elimination with partial pivoting;
/// `None` when it is singular. O(k³).
pub(crate) fn gaussian_elimination(a: &mut [Vec<f64>]) -> Option<Vec<f64>> {
    let k = a.len();
    let mut nonzero = Vec::with_capacity(k + 1);
    for col in 0..k {
        let pivot = (col..k).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        let (upper, lower) = a.split_at_mut(col + 1);
        let pivot_row = &upper[col];
        // Pathway systems are sparse (a few branches per node): only the pivot row's nonzero
        // columns change the rows below (subtracting factor × 0 changes nothing).
        nonzero.clear();
        nonzero.extend((col..pivot_row.len()).filter(|&j| pivot_row[j] != 0.0));
        for row in lower.iter_mut() {
            let factor = row[col] / pivot_row[col];
            if factor != 0.0 {
                for &j in &nonzero {
                    row[j] -= factor * pivot_row[j];
                }
            }
        }
    }
    let mut x = vec![0.0; k];
    for row in (0..k).rev() {
        let sum: f64 = (row + 1..k).map(|c| a[row][c] * x[c]).sum();
        x[row] = (a[row][k] - sum) / a[row][row];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}
