// The views of the playground, in the order the navigation shows them. Each module exports
// `mount(root, ctx)` (and may return an object with `unmount()`); see ../app.js for `ctx`.
// A view is opened by `#view=NAME`, alone in an iframe by adding `?embed=1`.
export const views = [
  { name: 'train', title: 'Train', load: () => import('./train.js') },
  { name: 'race', title: 'Optimizer race', load: () => import('./race.js') },
  { name: 'surface', title: 'Loss surfaces', load: () => import('./surface.js') },
  // The lecture: one view per concept (group 'Lecture': one tab with a sub-navigation).
  { name: 'digits', title: '1 · Pixels to 25 numbers', group: 'Lecture', load: () => import('../lecture/digits.js') },
  { name: 'conv-size', title: '2 · Conv arithmetic', group: 'Lecture', load: () => import('../lecture/conv-size.js') },
  { name: 'conv-step', title: '3 · One conv step', group: 'Lecture', load: () => import('../lecture/conv-step.js') },
  { name: 'activations', title: '4 · Activations', group: 'Lecture', load: () => import('../lecture/activations.js') },
  { name: 'pooling', title: '5 · Pooling', group: 'Lecture', load: () => import('../lecture/pooling.js') },
  { name: 'softmax', title: '6 · Softmax', group: 'Lecture', load: () => import('../lecture/softmax.js') },
  { name: 'backprop', title: '7 · Backprop', group: 'Lecture', load: () => import('../lecture/backprop.js') },
  { name: 'minibatch', title: '8 · Mini-batches', group: 'Lecture', load: () => import('../lecture/minibatch.js') },
  { name: 'optimizers', title: '9 · Optimizers', group: 'Lecture', load: () => import('../lecture/optimizers.js') },
];
