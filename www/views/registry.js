// The views of the playground, in the order the navigation shows them; `title` and `group` are
// text catalog keys (www/i18n/). A view module is loaded when first opened; see lib/view.js
// for what it exports. A view is opened by `#view=NAME`, alone in an iframe by adding `?embed=1`.
// `core: 'lecture'`: the view calls the lecture's functions, in the package pkg-lecture.
export const views = [
  { name: 'train', title: 'nav.train', load: () => import('./train/index.js') },
  { name: 'data', title: 'nav.data', load: () => import('./data/index.js') },
  { name: 'race', title: 'nav.race', load: () => import('./race/index.js') },
  { name: 'surface', title: 'nav.surface', load: () => import('./surface/index.js') },
  // The lecture: one view per concept, and its glossary (group: one tab with a sub-navigation).
  { name: 'digits', title: 'nav.digits', group: 'nav.lecture', core: 'lecture', load: () => import('../lecture/digits/index.js') },
  { name: 'conv-size', title: 'nav.convSize', group: 'nav.lecture', core: 'lecture', load: () => import('../lecture/conv-size/index.js') },
  { name: 'conv-step', title: 'nav.convStep', group: 'nav.lecture', core: 'lecture', load: () => import('../lecture/conv-step/index.js') },
  { name: 'activations', title: 'nav.activations', group: 'nav.lecture', core: 'lecture', load: () => import('../lecture/activations/index.js') },
  { name: 'pooling', title: 'nav.pooling', group: 'nav.lecture', core: 'lecture', load: () => import('../lecture/pooling/index.js') },
  { name: 'softmax', title: 'nav.softmax', group: 'nav.lecture', core: 'lecture', load: () => import('../lecture/softmax/index.js') },
  { name: 'backprop', title: 'nav.backprop', group: 'nav.lecture', core: 'lecture', load: () => import('../lecture/backprop/index.js') },
  { name: 'minibatch', title: 'nav.minibatch', group: 'nav.lecture', core: 'lecture', load: () => import('../lecture/minibatch/index.js') },
  { name: 'optimizers', title: 'nav.optimizers', group: 'nav.lecture', core: 'lecture', load: () => import('../lecture/optimizers/index.js') },
  { name: 'glossary', title: 'lecture.glossary.nav', group: 'nav.lecture', core: 'lecture', load: () => import('../lecture/glossary.js') },
];
