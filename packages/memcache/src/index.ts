export { HashRing, KETAMA_POINTS_PER_SERVER, ketamaHash } from './hash-ring.js'
