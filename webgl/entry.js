// The two globals graphkb's view.js uses for its WebGL renderer: graphology's Graph and sigma.js's Sigma.
import Graph from "graphology";
import Sigma from "sigma";

window.graphkbWebgl = { Graph: Graph, Sigma: Sigma };
