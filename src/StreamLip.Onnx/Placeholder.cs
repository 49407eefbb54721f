namespace StreamLip.Onnx;
