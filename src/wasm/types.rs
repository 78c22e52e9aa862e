//! TypeScript types for the spec objects, added to the generated `cnn_playground.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const SPEC_TYPES: &'static str = r#"
/** `[channels, height, width]`. */
export type InputShape = [number, number, number];
/** One int for both dimensions, or `[height, width]`. */
export type Size2 = number | [number, number];

export type LayerSpec =
  | { type: "conv2d"; filters: number; kernel: Size2; stride?: Size2;
      /** one int for all four sides, or `[top, bottom, left, right]` */
      padding?: number | [number, number, number, number]; bias?: boolean }
  | { type: "dense"; units: number; bias?: boolean }
  | { type: "maxpool" | "avgpool"; size: Size2; stride?: Size2 }
  | { type: "relu" | "sigmoid" | "tanh" | "flatten" }
  | { type: "leaky_relu"; slope?: number };

export interface NetworkSpec {
  input: InputShape;
  layers: LayerSpec[];
  loss: "softmax_cross_entropy" | "sigmoid_binary_cross_entropy";
}

/** PyTorch's update rules and defaults; every type also takes `weight_decay` (default 0). */
export type OptimizerSpec =
  | { type: "sgd"; lr: number; weight_decay?: number }
  | { type: "momentum"; lr: number; momentum?: number; weight_decay?: number }
  | { type: "adagrad"; lr: number; eps?: number; weight_decay?: number }
  | { type: "rmsprop"; lr: number; alpha?: number; eps?: number; weight_decay?: number }
  | { type: "adam"; lr: number; beta1?: number; beta2?: number; eps?: number; weight_decay?: number };

/** A layer as `describeNetwork` and `Trainer.layers()` report it. */
export interface LayerInfo {
  index: number;
  type: LayerSpec["type"];
  /** `[c, h, w]` for images, `[n]` once flat */
  inputShape: { channels: number; height: number; width: number } | { features: number };
  outputShape: { channels: number; height: number; width: number } | { features: number };
  parameters: number;
}
"#;
