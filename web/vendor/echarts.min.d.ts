// /web/vendor/echarts.min.js is served from node_modules (api/routes/web.ts
// VENDOR_FILES), not from this folder. Its UMD build exports nothing and sets
// globalThis.echarts; web/views/overview.js types the little it uses.
export {};
