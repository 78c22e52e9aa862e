//! Every message code the core gives the page, in one table: its stable name (the page's
//! catalog key is `core.<name>`) and its English template, whose `{name}` placeholders are
//! its parameters. [`ALL`] lists them (`errorCodes()` in JavaScript); a test of the page fails
//! when one is missing from a catalog, or when English's differs from the template here.
//!
//! A placeholder is `{` letters, digits or `_` `}`; other braces (`{"type": "relu"}`) are text.
//! A `{hint}`, `{range}`, `{allowed}`, `{reason}`, `{help}`, `{optional}` or `{what}`
//! parameter is usually a message of its own (or nothing).

/// A stable message code and its English template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub name: &'static str,
    pub english: &'static str,
}

impl Code {
    /// The placeholders of the template, in order of first appearance.
    pub fn params(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        for (name, _) in placeholders(self.english) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// The template with each placeholder replaced by `value(name)` (left as it is for `None`).
    pub fn fill(&self, value: impl Fn(&str) -> Option<String>) -> String {
        let mut out = String::with_capacity(self.english.len());
        let mut rest = 0;
        for (name, at) in placeholders(self.english) {
            if let Some(v) = value(name) {
                out.push_str(&self.english[rest..at]);
                out.push_str(&v);
                rest = at + name.len() + 2;
            }
        }
        out.push_str(&self.english[rest..]);
        out
    }
}

/// Each `{name}` of `text` with the byte offset of its `{`.
fn placeholders(text: &'static str) -> impl Iterator<Item = (&'static str, usize)> {
    text.match_indices('{').filter_map(move |(at, _)| {
        let rest = &text[at + 1..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
        (end > 0 && rest[end..].starts_with('}')).then(|| (&rest[..end], at))
    })
}

macro_rules! codes {
    ($($(#[$doc:meta])* $id:ident = $name:literal => $english:literal;)*) => {
        $($(#[$doc])* pub const $id: Code = Code { name: $name, english: $english };)*
        /// Every code, in the order of this file.
        pub const ALL: &[Code] = &[$($id),*];
    };
}

codes! {
    // Shared: where it happened, suggestions, ranges.
    /// A place and what happened there.
    PLACE = "place" => "{place}: {text}";
    PLACE_INPUT = "place.input" => "input";
    PLACE_LAYER = "place.layer" => "layer {index} ({kind})";
    PLACE_LAYER_INDEX = "place.layerIndex" => "layer {index}";
    PLACE_OPTIMIZER = "place.optimizer" => "optimizer ({kind})";
    /// A contender of a link's `opt=` list, 1-based.
    PLACE_CONTENDER = "place.contender" => "contender {number} \"{item}\"";
    /// A layer of a link's compact network.
    PLACE_LINK_LAYER = "place.linkLayer" => "layer {index} \"{item}\"";
    DID_YOU_MEAN = "didYouMean" => " (did you mean \"{name}\"?)";
    RANGE_ABOVE = "range.above" => "greater than {min}";
    RANGE_AT_LEAST = "range.atLeast" => "{min} or more";
    RANGE_UP_TO = "range.upTo" => "from {min} up to (not including) {max}";
    RANGE_BETWEEN = "range.between" => "between {min} and {max} (neither included)";
    RANGE_FROM_TO = "range.fromTo" => "from {min} to {max}";
    RANGE_ABOVE_AT_MOST = "range.aboveAtMost" => "greater than {min} and at most {max}";
    /// A required field's range with its example.
    RANGE_LIKE = "range.like" => "{range}, like {example}";

    // The network spec and its fields.
    SPEC_NOT_JSON = "spec.notJson" => "the network spec is not valid JSON: {reason}";
    SPEC_NOT_OBJECT = "spec.notObject" => "the network spec must be a JSON object, not {value}";
    SPEC_UNKNOWN_FIELD = "spec.unknownField" => "the network spec: unknown field \"{key}\"{hint}; its fields are {fields}";
    SPEC_MISSING = "spec.missing" => "the network spec: \"{key}\" is missing";
    LAYERS_NOT_LIST = "spec.layersNotList" => "layers must be a list of layers, like [{\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10}]";
    LAYERS_EMPTY = "spec.layersEmpty" => "layers is empty: add at least one layer, e.g. {\"type\": \"flatten\"} then {\"type\": \"dense\", \"units\": 10}";
    LOSS_UNKNOWN = "spec.lossUnknown" => "loss \"{name}\" is unknown{hint}: use one of {names}";
    LOSS_NOT_STRING = "spec.lossNotString" => "loss must be a string, one of {names}, not {value}";
    INPUT_NOT_LIST = "spec.inputNotList" => "input must be [channels, height, width], like [1, 28, 28], not {value}";
    INPUT_ZERO = "spec.inputZero" => "input must be [channels, height, width], each at least 1, got [{channels}, {height}, {width}]";
    LAYER_NOT_OBJECT = "spec.layerNotObject" => "layer {index} must be an object like {\"type\": \"relu\"}, not {value}";
    LAYER_TYPE_NOT_STRING = "spec.typeNotString" => "type must be a string, not {value}";
    LAYER_NO_TYPE = "spec.noType" => "layer {index} has no type: add \"type\", one of {names}";
    LAYER_TYPE_UNKNOWN = "spec.typeUnknown" => "unknown type \"{name}\"{hint}: use one of {names}";
    FIELD_UNKNOWN = "spec.fieldUnknown" => "unknown field \"{key}\"{hint}; its fields are {fields}";
    FIELD_UNKNOWN_NONE = "spec.fieldUnknownNone" => "unknown field \"{key}\"{hint}; it takes no other fields";
    FIELD_MISSING = "spec.fieldMissing" => "\"{field}\" is missing: give {shape}, like {example}";
    SHAPE_WHOLE = "spec.shapeWhole" => "a whole number";
    SHAPE_SIZE = "spec.shapeSize" => "an int or [height, width]";
    SHAPE_PADDING = "spec.shapePadding" => "an int for all sides or [top, bottom, left, right]";
    FIELD_WRONG_LENGTH = "spec.fieldWrongLength" => "{field} must be {shape}, not {value}";
    FIELD_MISSING_BOOL = "spec.fieldMissingBool" => "\"{field}\" is missing: give true or false";
    FIELD_NOT_BOOL = "spec.fieldNotBool" => "{field} must be true or false, not {value}";
    FIELD_MISSING_NUMBER = "spec.fieldMissingNumber" => "\"{field}\" is missing: give a number {allowed}";
    FIELD_NOT_NUMBER = "spec.fieldNotNumber" => "{field} must be a number {allowed}, not {value}";
    FIELD_TOO_LARGE_F32 = "spec.fieldTooLargeF32" => "{field} {value} is too large: numbers here are at most {max}";
    FIELD_OUT_OF_RANGE = "spec.fieldOutOfRange" => "{field} must be {allowed}, not {value}";
    NOT_WHOLE = "spec.notWhole" => "{field} must be a whole number, not {value}";
    BELOW_MIN = "spec.belowMin" => "{field} must be at least {min}, not {value}";
    ABOVE_LIMIT = "spec.aboveLimit" => "{field} {value} is larger than the limit of {max}";
    NOT_A_NUMBER = "spec.notANumber" => "{field} must be a number, not {value}";
    KERNEL_TOO_LARGE = "spec.kernelTooLarge" => "kernel {kernel} is larger than the padded input {height} x {width}";
    WINDOW_TOO_LARGE = "spec.windowTooLarge" => "window {rows} x {cols} is larger than the input {height} x {width}";
    DENSE_NOT_FLAT = "spec.denseNotFlat" => "input is {input}, not flat: add {\"type\": \"flatten\"} before this dense layer";
    NEEDS_IMAGE = "spec.needsImage" => "input is flat ({features} values), but {kind} needs an image (channels x height x width): move it before flatten";
    TOO_MANY_PARAMETERS = "spec.tooManyParameters" => "the network has {parameters} parameters so far, over the limit of {max} for a browser tab: use fewer filters or units";
    TOO_MANY_ACTIVATIONS = "spec.tooManyActivations" => "the network needs {activations} activation values per example so far, over the limit of {max} for a browser tab: shrink the input, use fewer filters, a larger stride or pooling";
    OUTPUT_NOT_FLAT = "spec.outputNotFlat" => "the last layer's output is {shape}, but the loss {loss} needs one value per output: end with {\"type\": \"flatten\"} and a dense layer";
    BATCH_ZERO = "spec.batchZero" => "batch size is 0: use at least 1 example";
    BATCH_TOO_LARGE = "spec.batchTooLarge" => "batch size {batch} is larger than the limit of {max}";
    BATCH_TOO_MUCH_MEMORY = "spec.batchTooMuchMemory" => "batch size {batch} needs {megabytes} MB of activations, over the limit of {limit} MB: use a batch of at most {most}";

    // The optimizer spec.
    OPTIMIZER_NOT_JSON = "optimizer.notJson" => "the optimizer spec is not valid JSON: {reason}";
    OPTIMIZER_NOT_OBJECT = "optimizer.notObject" => "the optimizer must be an object like {\"type\": \"adam\", \"lr\": 0.001}, not {value}";
    OPTIMIZER_TYPE_NOT_STRING = "optimizer.typeNotString" => "optimizer type must be a string, one of {names}, not {value}";
    OPTIMIZER_NO_TYPE = "optimizer.noType" => "the optimizer has no type: add \"type\", one of {names}";
    OPTIMIZER_UNKNOWN = "optimizer.unknown" => "optimizer type \"{name}\" is unknown{hint}: use one of {names}";

    /// A drawn digit without ink (the Train view's pad).
    DRAWING_EMPTY = "drawing.empty" => "the drawing is empty: draw a digit (0 to 9) in the box first";

    // The link.
    /// A bad value of a link's key, which keeps its default.
    LINK_KEEPS_DEFAULT = "link.keepsDefault" => "{key}={value}: {reason}; {key} keeps its default";
    LINK_VERSION = "link.version" => "link version \"{value}\" is not known: this page reads version {version}; the rest of the link is read as version {version}";
    LINK_VIEW_NAME = "link.viewName" => "a view name is 1 to 32 lowercase letters, digits, - or _, like race or surface";
    LINK_ONE_OF = "link.oneOf" => "use one of {names}";
    LINK_SURFACE_UNKNOWN = "link.surfaceUnknown" => "surface \"{name}\" is unknown{hint}: use one of {names}";
    LINK_OUT_OF_RANGE = "link.outOfRange" => "out of range: use a whole number from {min} to {max}";
    LINK_NOT_WHOLE = "link.notWhole" => "not a whole number: use a whole number from {min} to {max}";
    LINK_START_NOT_TWO = "link.startNotTwo" => "not two numbers: give X,Y with x from {x0} to {x1} and y from {y0} to {y1} (the {surface} view)";
    LINK_START_OUTSIDE = "link.startOutside" => "outside the surface: give X,Y with x from {x0} to {x1} and y from {y0} to {y1} (the {surface} view)";
    LINK_INPUT_NOT_DIGITS = "link.inputNotDigits" => "the network's input is {input}, but the digits are 1 x 28 x 28: start the net with 1x28x28";
    LINK_OUTPUT_NOT_TEN = "link.outputNotTen" => "the network ends with {output} outputs, but there are 10 digit classes: end it with flatten,dense:10";
    LINK_LOSS_NOT_SOFTMAX = "link.lossNotSoftmax" => "classes need the loss softmax_cross_entropy: remove the loss: item";
    LINK_INPUT_NOT_SHAPES = "link.inputNotShapes" => "the network's input is {input}, but the colour shapes are 3 x 32 x 32: start the net with 3x32x32";
    LINK_OUTPUT_NOT_NINE = "link.outputNotNine" => "the network ends with {output} outputs, but there are 9 shape classes: end it with flatten,dense:9";
    FIT_LAST_NOT_DENSE = "fit.lastNotDense" => "the network must end with a dense layer of one output per class ({classes}): add flatten and dense:{classes} at its end";
    FIT_PLACE = "fit.place" => "for images of {channels} x {height} x {width} and {classes} classes the network does not fit; change this layer";
    LINK_ONE_OPTIMIZER = "link.oneOptimizer" => "{count} optimizers given: the Train view trains one, like adam:0.001 (the Optimizer race compares several)";
    LINK_CONTENDER_COUNT = "link.contenderCount" => "{count} contenders given: give {min} to {max}, separated by commas, like sgd:0.1,adam:0.001";
    LINK_NOT_NUMBER = "link.notNumber" => "{key} \"{value}\" is not a number";
    LINK_NOT_FINITE = "link.notFinite" => "{key} must be a finite number, not {value}";
    LINK_NO_LR = "link.noLr" => "no learning rate: write it after the type, like adam:0.001";
    LINK_NET_INPUT = "link.netInput" => "the input \"{input}\" must be CHANNELSxHEIGHTxWIDTH, like 1x28x28";
    LINK_NET_TWICE = "link.netTwice" => "\"{field}\" is given twice";
    LINK_NET_PART = "link.netPart" => "part \"{part}\" is not understood: {help}";
    LINK_NET_WRITE = "link.netWrite" => "write {kind}{required}{optional}, like {example}";
    LINK_NET_OPTIONALLY = "link.netOptionally" => ", optionally {parts}";
    LINK_NET_NO_PARTS = "link.netNoParts" => "this layer takes no parts";

    // The lecture's views.
    LECTURE_OUT_OF_RANGE = "lecture.outOfRange" => "{what} must be from {min} to {max}, not {value}";
    LECTURE_NOT_FINITE = "lecture.notFinite" => "{what}: value {index} is {value}, not a finite number";
    LECTURE_THRESHOLD = "lecture.threshold" => "The threshold must lie between 0 and 1 (gray 0 is black, 1 is white), not {value}.";
    LECTURE_WINDOW = "lecture.window" => "A window of {rows} × {cols} does not fit the {height} × {width} digit: use 1 to {height} rows and 1 to {width} columns.";
    LECTURE_EMPTY_DRAWING = "lecture.emptyDrawing" => "The pad is empty: draw a digit (light strokes on the dark pad) or pick a real one.";
    LECTURE_KERNEL_LARGER = "lecture.kernelLarger" => "The kernel ({kernel}) is larger than the padded input ({padded}): make the kernel smaller, or the input or the padding larger.";
    LECTURE_OUTSIDE = "lecture.outside" => "Position ({row}, {col}) is outside the {height} × {width} output: pick a cell of the output.";
    LECTURE_WINDOW_LARGER = "lecture.windowLarger" => "The window ({size} × {size}) is larger than the feature map ({height} × {width}): pick a window of at most {smaller}.";
    LECTURE_DRAWN_INPUT = "lecture.drawnInput" => "An input of {input} works, but the drawing shows inputs up to {max}: use a smaller W to see the windows.";
    LECTURE_ACTIVATION_UNKNOWN = "lecture.activationUnknown" => "activation \"{name}\" is unknown{hint}: use one of {names}";
    LECTURE_CURVE_RANGE = "lecture.curveRange" => "the curve range runs from {from} to {to}: the start must be below the end";
    LECTURE_LABEL = "lecture.label" => "label {label} is not one of the {count} outputs: pick 0 to {last}";
    LECTURE_LABEL_NOISE = "lecture.labelNoise" => "the share of wrong labels must lie from 0 to 1, not {value}";
    LECTURE_PARAMETER = "lecture.parameter" => "parameter \"{name}\" is not in the network: pick 1.weight, 1.bias, 3.weight or 3.bias";
    LECTURE_ENTRY = "lecture.entry" => "{name} has {rows} x {cols} entries: row must be below {rows} and column below {cols}, not ({row}, {col})";
    LECTURE_FEATURES = "lecture.features" => "a digit has {count} features ({rows} x {cols} windows), not {given}";
    WHAT_POINTS = "lecture.what.points" => "points";
    WHAT_CURVE = "lecture.what.curve" => "curve range and slope";
    WHAT_FEATURE_MAP = "lecture.what.featureMap" => "feature map";
    WHAT_IMAGE_SIZE = "lecture.what.imageSize" => "image size";
    WHAT_IMAGE = "lecture.what.image" => "image";
    WHAT_IMAGES = "lecture.what.images" => "images";
    WHAT_HIDDEN = "lecture.what.hidden" => "hidden units";
    WHAT_STEPS = "lecture.what.steps" => "steps";
    WHAT_BATCH = "lecture.what.batch" => "batch size";
    WHAT_FEATURES_PER_EXAMPLE = "lecture.what.featuresPerExample" => "features per example";
    WHAT_EXAMPLES = "lecture.what.examples" => "examples";
    WHAT_FEATURES = "lecture.what.features" => "features";
    WHAT_CHANNELS = "lecture.what.channels" => "channels";
    WHAT_HEIGHT = "lecture.what.height" => "height";
    WHAT_WIDTH = "lecture.what.width" => "width";
    WHAT_PROBLEM = "lecture.what.problem" => "start, curvature, target and noise";
    WHAT_GRADIENTS = "lecture.what.gradients" => "gradients";
    WHAT_OUTPUT_COUNT = "lecture.what.outputCount" => "the number of outputs";
    WHAT_OUTPUTS = "lecture.what.outputs" => "outputs";
    WHAT_KERNEL = "lecture.what.kernel" => "kernel";
    WHAT_INPUT = "lecture.what.input" => "input";
    WHAT_WEIGHT = "lecture.what.weight" => "weight";
    WHAT_BIAS = "lecture.what.bias" => "bias";
}
