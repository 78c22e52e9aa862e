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

/** The limits for a browser tab (`limits()`, `describeSchema().limits`). */
export interface Limits {
  maxParameters: number;
  maxActivationsPerExample: number;
  maxActivationsPerBatch: number;
  maxBatch: number;
  maxDimension: number;
  /** a set of one's own images: images, bytes kept, classes, characters of a class name */
  maxImages: number;
  maxSetBytes: number;
  maxClasses: number;
  maxClassNameChars: number;
  /** one image file: pixels and longest side before decoding; [min, max] side of the prepared images */
  maxImagePixels: number;
  maxImageSide: number;
  imageSides: [number, number];
}

/** One field of a layer type or an optimizer type in `describeSchema()`. */
export interface SchemaField {
  name: string;
  /** int: a whole number; size: int or [h, w]; padding: int or [top, bottom, left, right] */
  kind: "int" | "size" | "padding" | "bool" | "number";
  /** one line for a person */
  doc: string;
  required: boolean;
  /** for a required field: a sensible value (what the page puts in a new layer or contender) */
  example?: number;
  /** the value when left out (each dimension or side of a size or padding) */
  default?: number | boolean;
  /** when left out, the value of this other field (a pool's stride is its size) */
  defaultFrom?: string;
  /** numeric kinds: every number must lie in [min, max], an end excluded when ...Exclusive */
  min?: number;
  /** null: no upper bound */
  max?: number | null;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** how a link's compact network writes it: right after the type, after a prefix, or a word written when false */
  compact?: { main: true } | { prefix: string } | { flag: string };
}

/** Everything the core accepts, from `describeSchema()`. */
export interface Schema {
  version: number;
  input: { doc: string; min: number; max: number };
  /** in the order the page offers them */
  layers: { type: LayerSpec["type"]; doc: string; fields: SchemaField[]; compact: string }[];
  activations: ("relu" | "sigmoid" | "tanh" | "leaky_relu")[];
  losses: { name: NetworkSpec["loss"]; doc: string }[];
  /** `update` is the rule, g being the gradient plus weight_decay * w; fields: lr first */
  optimizers: { type: OptimizerSpec["type"]; doc: string; update: string; fields: SchemaField[] }[];
  limits: Limits;
  link: {
    version: number;
    /** every key in the order a link writes them; default: its value in an empty link */
    /** views: which views' links hold the key (training: every view but the loss surfaces) */
    keys: { name: string; doc: string; default: string | null; views: "all" | "training" | "surface"; min?: number; max?: number }[];
    contenders: { min: number; max: number };
    data: string[];
    surfaces: string[];
    defaultContenders: { race: string; surface: string };
    /** the Train view's link: the keys it writes, how many optimizers its `opt` holds (one), its default network and optimizer (compact forms) */
    train: { keys: string[]; optimizers: { min: number; max: number }; net: string; opt: string };
  };
}

/** The header of `mnist.bin` and its split (`mnistInfo(bytes)`). */
export interface MnistInfo {
  count: number;
  rows: number;
  cols: number;
  classes: number;
  /** the first `trainCount` digits train */
  trainCount: number;
  /** the rest test */
  testCount: number;
}

/** Where a `TrainingRun` is, besides its weights and optimizer state (`run.state()`). */
export interface RunState {
  seed: number;
  batch: number;
  /** epochs completed */
  epoch: number;
  /** examples of the current epoch's order already trained on */
  position: number;
  imagesSeen: number;
  steps: number;
  /** the training data, as the link names it */
  data: string;
  /** the last training set's `(v - mean) / std`, which single images get; null for raw inputs */
  scaling: { mean: number; std: number } | null;
  divergence: { step: number; message: string } | null;
}

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
