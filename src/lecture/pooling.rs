//! Concept 5, pooling: each channel on its own, a window keeps its largest value (max) or its
//! mean (average). Depth stays, height and width shrink to `(H - size) / stride + 1`, and there
//! are no parameters to train. Computed by the network's own maxpool and avgpool layers; the
//! max-pool "switches" say which input won each window.
//!
//! What pooling is for: less to compute. The layers after it read `H' W'` positions per channel
//! instead of `H W`; a 3 x 3 convolution keeping the `C` channels does `H W C² 9` multiplications
//! on the map and `H' W' C² 9` after pooling. The usual choice is a stride equal to the window
//! size: the windows tile the map, each value in exactly one window.

use super::{check_finite, check_range, network};
use crate::bail;
use crate::error::codes;
use crate::error::Result;
use crate::refuse;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PoolQuestion {
    pub channels: usize,
    pub height: usize,
    pub width: usize,
    /// `channels x height x width`
    pub map: Vec<f32>,
    pub size: usize,
    pub stride: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pooling {
    /// `[channels, height, width]` before and after
    #[serde(rename = "inputShape")]
    pub input_shape: Vec<usize>,
    #[serde(rename = "outputShape")]
    pub output_shape: Vec<usize>,
    pub max: Vec<f32>,
    pub avg: Vec<f32>,
    /// for each max output, its winner's index `ih * width + iw` in its channel
    pub switches: Vec<u32>,
    /// parameters of the maxpool and the avgpool layer (both 0)
    pub parameters: [usize; 2],
    /// values per example before and after: `C H W` and `C H' W'`
    pub values: [usize; 2],
    /// multiplications of a 3 x 3 convolution with `C` kernels (padding 1) on the map before
    /// and after pooling: `H W C² 9` and `H' W' C² 9`
    #[serde(rename = "nextConv")]
    pub next_conv: [usize; 2],
    /// how the windows meet: `tile` (stride = size, the usual choice), `overlap` (stride < size)
    /// or `gaps` (stride > size: some values are in no window)
    pub windows: &'static str,
}

/// A 2 x 6 x 6 feature map of whole numbers 0 to 9.
pub fn example(seed: u64) -> PoolQuestion {
    let mut rng = Rng::new(seed, 11);
    PoolQuestion {
        channels: 2,
        height: 6,
        width: 6,
        map: (0..72).map(|_| rng.below(10) as f32).collect(),
        size: 2,
        stride: 2,
    }
}

pub fn pooling(q: &PoolQuestion) -> Result<Pooling> {
    check_range(q.channels, 1, 8, codes::WHAT_CHANNELS)?;
    check_range(q.height, 1, 32, codes::WHAT_HEIGHT)?;
    check_range(q.width, 1, 32, codes::WHAT_WIDTH)?;
    if q.map.len() != q.channels * q.height * q.width {
        bail!(
            "the feature map has {} values, but {} x {} x {} needs {}",
            q.map.len(),
            q.channels,
            q.height,
            q.width,
            q.channels * q.height * q.width
        );
    }
    check_finite(&q.map, codes::WHAT_FEATURE_MAP)?;
    if q.size > q.height.min(q.width) {
        refuse!(
            LECTURE_WINDOW_LARGER,
            size = q.size,
            height = q.height,
            width = q.width,
            smaller = q.height.min(q.width)
        );
    }
    /// One pooling layer's output, its max-pool switches, parameter count and output shape.
    type PoolRun = (Vec<f32>, Option<Vec<u32>>, usize, Vec<usize>);
    let run = |kind: &str| -> Result<PoolRun> {
        let spec = json!({"input": [q.channels, q.height, q.width], "layers": [{"type": kind, "size": q.size, "stride": q.stride}, {"type": "flatten"}], "loss": "softmax_cross_entropy"});
        let mut net = network(spec, 0)?;
        net.forward(&q.map, 1)?;
        let info = &net.spec().layers_info()[0];
        let (parameters, shape) = (info.parameters, info.output_shape.dims());
        Ok((net.layer_output(0)?.to_vec(), net.max_pool_switches(0)?.map(<[u32]>::to_vec), parameters, shape))
    };
    let (max, switches, max_params, output_shape) = run("maxpool")?;
    let (avg, _, avg_params, _) = run("avgpool")?;
    let (c, before) = (q.channels, q.height * q.width);
    let after = output_shape[1] * output_shape[2];
    let windows = match q.stride.cmp(&q.size) {
        std::cmp::Ordering::Equal => "tile",
        std::cmp::Ordering::Less => "overlap",
        std::cmp::Ordering::Greater => "gaps",
    };
    Ok(Pooling {
        input_shape: vec![q.channels, q.height, q.width],
        output_shape,
        max,
        avg,
        switches: switches.unwrap_or_default(),
        parameters: [max_params, avg_params],
        values: [c * before, c * after],
        next_conv: [before * c * c * 9, after * c * c * 9],
        windows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_keeps_the_winner_avg_the_mean_depth_stays_nothing_to_train() {
        let q = PoolQuestion {
            channels: 1,
            height: 2,
            width: 4,
            map: vec![1.0, 5.0, 2.0, 2.0, 3.0, 0.0, 2.0, 6.0],
            size: 2,
            stride: 2,
        };
        let p = pooling(&q).unwrap();
        assert_eq!((p.input_shape.clone(), p.output_shape.clone()), (vec![1, 2, 4], vec![1, 1, 2]));
        assert_eq!(p.max, vec![5.0, 6.0]);
        assert_eq!(p.avg, vec![2.25, 3.0]);
        assert_eq!(p.switches, vec![1, 7]);
        assert_eq!(p.parameters, [0, 0]);
        let e = example(1);
        let p = pooling(&e).unwrap();
        assert_eq!(p.output_shape, vec![2, 3, 3]);
        for (o, &s) in p.switches.iter().enumerate() {
            let c = o / 9;
            assert_eq!(p.max[o], e.map[c * 36 + s as usize]);
        }
    }

    #[test]
    fn a_window_larger_than_the_map_is_refused_as_a_network_would() {
        let mut q = example(1);
        q.size = 7;
        let e = pooling(&q).unwrap_err();
        assert_eq!(
            e.message(),
            "The window (7 × 7) is larger than the feature map (6 × 6): pick a window of at most 6."
        );
        assert_eq!(e.code(), Some(codes::LECTURE_WINDOW_LARGER));
        let net =
            json!({"input": [2, 6, 6], "layers": [{"type": "maxpool", "size": 7}], "loss": "softmax_cross_entropy"});
        assert_eq!(crate::spec::NetworkSpec::from_json(&net).unwrap_err().code(), Some(codes::WINDOW_TOO_LARGE));
        q.size = 2;
        q.map.pop();
        assert!(pooling(&q).unwrap_err().message().contains("needs 72"));
    }

    #[test]
    fn pooling_2_by_2_leaves_a_quarter_to_compute_and_size_equal_to_stride_tiles() {
        let p = pooling(&example(1)).unwrap();
        assert_eq!((p.values, p.next_conv, p.windows), ([72, 18], [1296, 324], "tile"));
        let mut q = example(1);
        q.stride = 1;
        let overlap = pooling(&q).unwrap();
        assert_eq!((overlap.output_shape.clone(), overlap.windows), (vec![2, 5, 5], "overlap"));
        q.size = 2;
        q.stride = 3;
        assert_eq!(pooling(&q).unwrap().windows, "gaps");
    }
}
