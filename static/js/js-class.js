// Runs before first paint (not deferred): lets the CSS lay out the scrolly panel from the start.
document.documentElement.className = document.documentElement.className.replace("no-js", "js");
